import type { Clock } from '../../../platform/clock/clock';
import { withRetry, withRetryIfRejected, type RetryPolicy } from '../../../platform/retry/with-retry';
import type { TrackerBoard } from '../tracker';
import { asanaItems, unwrap, type AsanaApi } from './asana-client';

/** How long the project's sections are trusted before they are read again. */
const SECTIONS_TTL_MS = 10 * 60_000;

type Section = { gid: string; name: string };
const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** Asana's project sections (`/projects/{gid}/sections`, `/sections/{gid}/addTask`) as the board. */
export function createAsanaBoard(api: AsanaApi, clock: Clock, policy: RetryPolicy, projectGid: string): TrackerBoard {
  let cached: { at: number; sections: Promise<Section[]> } | undefined;
  const sections = () => {
    if (!cached || clock.now() - cached.at > SECTIONS_TTL_MS) {
      const read = readSections();
      cached = { at: clock.now(), sections: read };
      read.catch(() => (cached = undefined));
    }
    return cached.sections;
  };
  /** The project's sections, in board order. */
  async function readSections(): Promise<Section[]> {
    const listed = asanaItems((offset) =>
      withRetry(
        async () =>
          unwrap(
            await api.GET('/projects/{project_gid}/sections', {
              params: {
                path: { project_gid: projectGid },
                query: { opt_fields: ['name'], limit: 100, ...(offset && { offset }) },
              },
            }),
            `read of project ${projectGid} sections`,
            clock,
          ),
        clock,
        policy,
      ),
    );
    const out: Section[] = [];
    for await (const s of listed) if (s.gid && s.name) out.push({ gid: s.gid, name: s.name });
    return out;
  }
  const sectionGid = async (name: string) => (await sections()).find((s) => sameName(s.name, name))?.gid;

  return {
    async listSections() {
      return (await sections()).map((s) => s.name);
    },

    async placeTask(taskId, section, { create }) {
      let target = await sectionGid(section);
      if (!target && create) {
        cached = undefined; // another worker may have made it meanwhile: read again first
        target = await sectionGid(section);
        if (!target) {
          // Not idempotent: only a refusal is retried; after an ambiguous failure the next attempt
          // reads the sections first.
          const made = await withRetryIfRejected(
            async () =>
              unwrap(
                await api.POST('/projects/{project_gid}/sections', {
                  params: { path: { project_gid: projectGid }, query: { opt_fields: ['name'] } },
                  body: { data: { name: section.trim() } },
                }),
                `creating section "${section}" in project ${projectGid}`,
                clock,
              ),
            clock,
            policy,
          );
          target = made.data?.gid;
          cached = undefined;
        }
      }
      if (!target) return 'no-section';
      const task = await withRetry(
        async () =>
          unwrap(
            await api.GET('/tasks/{task_gid}', {
              params: {
                path: { task_gid: taskId },
                query: { opt_fields: ['memberships.section', 'memberships.project'] },
              },
            }),
            `read of task ${taskId} sections`,
            clock,
          ),
        clock,
        policy,
      );
      const memberships = (task.data?.memberships ?? []) as Array<{
        project?: { gid?: string };
        section?: { gid?: string };
      }>;
      if (memberships.some((m) => m.project?.gid === projectGid && m.section?.gid === target)) return 'already-there';
      // Adding a task to the section it is bound for twice leaves it there: safe to retry.
      await withRetry(
        async () =>
          unwrap(
            await api.POST('/sections/{section_gid}/addTask', {
              params: { path: { section_gid: target } },
              body: { data: { task: taskId } },
            }),
            `moving task ${taskId} to section "${section}"`,
            clock,
          ),
        clock,
        policy,
      );
      return 'moved';
    },
  };
}
