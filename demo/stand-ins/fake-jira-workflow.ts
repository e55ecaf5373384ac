import type { Hono } from 'hono';
import type { JiraIssueJson } from './fake-jira';
import { jiraTimestamp } from './jira-timestamp';

/**
 * The stand-in's workflow (`/issue/{idOrKey}/transitions`): To Do, In Progress and Done, any
 * status reachable from any other, as Jira's simplified workflow allows.
 */
export function addWorkflowRoutes(api: Hono, find: (idOrKey: string) => JiraIssueJson | undefined, now: () => number) {
  // A three-step workflow: any status can move to any other.
  const workflow = [
    { id: '11', name: 'To Do', category: 'new' },
    { id: '21', name: 'In Progress', category: 'indeterminate' },
    { id: '31', name: 'Done', category: 'done' },
  ];
  api.get('/issue/:idOrKey/transitions', (c) => {
    const issue = find(c.req.param('idOrKey'));
    if (!issue)
      return c.json(
        { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} },
        404,
      );
    const current = (issue.fields.status as { name?: string } | undefined)?.name;
    const transitions = workflow
      .filter((t) => t.name !== current)
      .map((t) => ({ id: t.id, name: t.name, to: { name: t.name, statusCategory: { key: t.category } } }));
    return c.json({ transitions });
  });
  api.post('/issue/:idOrKey/transitions', async (c) => {
    const issue = find(c.req.param('idOrKey'));
    const wanted = ((await c.req.json()) as { transition?: { id?: string } }).transition?.id;
    const step = workflow.find((t) => t.id === wanted);
    if (!issue || !step)
      return c.json({ errorMessages: ['Issue or transition does not exist.'], errors: {} }, issue ? 400 : 404);
    issue.fields.status = { name: step.name, statusCategory: { key: step.category } };
    issue.fields.resolution = step.category === 'done' ? { name: 'Done' } : null;
    issue.fields.updated = jiraTimestamp(now());
    return c.body(null, 204);
  });
}
