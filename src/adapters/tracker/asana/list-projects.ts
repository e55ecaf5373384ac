import type { Clock } from '../../../platform/clock/clock';
import { withRetry, type RetryPolicy } from '../../../platform/retry/with-retry';
import type { TrackerWorkspace } from '../tracker';
import { unwrap, type AsanaApi } from './asana-client';

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
  for (let offset: string | undefined, page = 0; page === 0 || (offset && page < MAX_PAGES); page++) {
    const result = await read('workspace list', () =>
      api.GET('/workspaces', { params: { query: { opt_fields: ['name'], limit: 100, ...(offset && { offset }) } } }),
    );
    for (const w of result.data ?? []) if (w.gid) workspaces.push({ id: w.gid, name: w.name ?? w.gid, projects: [] });
    offset = result.next_page?.offset ?? undefined;
  }
  for (const workspace of workspaces) {
    for (let offset: string | undefined, page = 0; page === 0 || (offset && page < MAX_PAGES); page++) {
      const result = await read(`project list of workspace ${workspace.id}`, () =>
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
      );
      for (const p of result.data ?? []) if (p.gid) workspace.projects.push({ id: p.gid, name: p.name ?? p.gid });
      offset = result.next_page?.offset ?? undefined;
    }
  }
  return workspaces;
}
