import type { Clock } from '../../../platform/clock/clock';
import { withRetry, type RetryPolicy } from '../../../platform/retry/with-retry';
import type { TrackerWorkspace } from '../tracker';
import { asanaItems, unwrap, type AsanaApi } from './asana-client';

/** Pages a workspace or project list can take before the listing stops (100 each). */
const MAX_PAGES = 50;

/** Every workspace the token can see, with its projects that are not archived (gids and names). */
export async function listAsanaProjects(
  api: AsanaApi,
  clock: Clock,
  policy?: RetryPolicy,
): Promise<TrackerWorkspace[]> {
  const read = <T>(action: string, call: () => Promise<{ data?: T; error?: unknown; response: Response }>) =>
    withRetry(async () => unwrap(await call(), action, clock), clock, policy);
  const workspaces: TrackerWorkspace[] = [];
  const listedWorkspaces = asanaItems(
    (offset) =>
      read('workspace list', () =>
        api.GET('/workspaces', { params: { query: { opt_fields: ['name'], limit: 100, ...(offset && { offset }) } } }),
      ),
    { maxPages: MAX_PAGES },
  );
  for await (const w of listedWorkspaces)
    if (w.gid) workspaces.push({ id: w.gid, name: w.name ?? w.gid, projects: [] });
  for (const workspace of workspaces) {
    const projects = asanaItems(
      (offset) =>
        read(`project list of workspace ${workspace.id}`, () =>
          api.GET('/projects', {
            params: {
              query: {
                workspace: workspace.id,
                archived: false,
                opt_fields: ['name'],
                limit: 100,
                ...(offset && { offset }),
              },
            },
          }),
        ),
      { maxPages: MAX_PAGES },
    );
    for await (const p of projects) if (p.gid) workspace.projects.push({ id: p.gid, name: p.name ?? p.gid });
  }
  return workspaces;
}
