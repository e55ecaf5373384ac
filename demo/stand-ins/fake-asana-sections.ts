import type { Hono } from 'hono';
import { asanaError, asanaPage } from './asana-envelope';

/**
 * The stand-in's project sections (board columns): listed, created, and a task added to one
 * (which takes it out of the project's other sections), as Asana does. A task in no section is
 * in none here (Asana would show it under "Untitled section").
 */
export function addSectionRoutes(
  api: Hono,
  projectExists: (gid: string) => boolean,
  taskProjects: (taskGid: string) => string[] | undefined,
) {
  const sections = new Map<string, Array<{ gid: string; name: string }>>();
  const placed = new Map<string, string>(); // `${taskGid}:${projectGid}` -> section gid
  let seq = 1_800_000_000_000_000;
  const projectOf = (sectionGid: string) =>
    [...sections].find(([, list]) => list.some((s) => s.gid === sectionGid))?.[0];
  const add = (projectGid: string, name: string) => {
    const section = { gid: String(seq++), name };
    sections.set(projectGid, [...(sections.get(projectGid) ?? []), section]);
    return section;
  };

  api.get('/projects/:gid/sections', (c) => {
    if (!projectExists(c.req.param('gid'))) return c.json(asanaError('project: Not a recognized ID'), 404);
    const all = (sections.get(c.req.param('gid')) ?? []).map((s) => ({ ...s, resource_type: 'section' }));
    return c.json(asanaPage(all, (q) => c.req.query(q)));
  });
  api.post('/projects/:gid/sections', async (c) => {
    if (!projectExists(c.req.param('gid'))) return c.json(asanaError('project: Not a recognized ID'), 404);
    const name = String(((await c.req.json()) as { data?: { name?: string } }).data?.name ?? '').trim();
    if (!name) return c.json(asanaError('name: Missing input'), 400);
    return c.json({ data: { ...add(c.req.param('gid'), name), resource_type: 'section' } }, 201);
  });
  api.post('/sections/:gid/addTask', async (c) => {
    const project = projectOf(c.req.param('gid'));
    if (!project) return c.json(asanaError('section: Not a recognized ID'), 404);
    const task = String(((await c.req.json()) as { data?: { task?: string } }).data?.task ?? '');
    if (!taskProjects(task)?.includes(project)) return c.json(asanaError('task: Not in the section’s project'), 400);
    placed.set(`${task}:${project}`, c.req.param('gid'));
    return c.json({ data: {} });
  });

  return {
    /** The task's memberships, as `memberships` of a task reads them. */
    membershipsOf(taskGid: string, projectGids: readonly string[]) {
      return projectGids.map((project) => {
        const sectionGid = placed.get(`${taskGid}:${project}`);
        const section = (sections.get(project) ?? []).find((s) => s.gid === sectionGid);
        return {
          project: { gid: project, resource_type: 'project' },
          section: section ? { gid: section.gid, name: section.name, resource_type: 'section' } : null,
        };
      });
    },
    /** The name of the section the task is in, in the project; null when in none. */
    sectionOf(taskGid: string, projectGid: string): string | null {
      const gid = placed.get(`${taskGid}:${projectGid}`);
      return (sections.get(projectGid) ?? []).find((s) => s.gid === gid)?.name ?? null;
    },
    /** A person adds a section to the project. */
    addSection: (projectGid: string, name: string) => add(projectGid, name).gid,
    sections: (projectGid: string) => (sections.get(projectGid) ?? []).map((s) => s.name),
  };
}
