import type { Clock } from '../../../platform/clock/clock';
import { withRetry, withRetryIfRejected, type RetryPolicy } from '../../../platform/retry/with-retry';
import type { TrackerStatusUpdates } from '../tracker';
import { asanaItems, unwrap, type AsanaApi } from './asana-client';

/** Pages of a project's status updates searched for an interrupted post (newest first, 100 a page). */
const MAX_PAGES = 10;

/** Status updates on the mapping's Asana project (`/status_updates`, `parent` = the project). */
export function createAsanaStatusUpdates(
  api: AsanaApi,
  clock: Clock,
  policy: RetryPolicy,
  projectGid: string,
  selfId: () => Promise<string>,
): TrackerStatusUpdates {
  return {
    async post(update) {
      // Creating a status update is not idempotent: only a refusal (429) is retried here; anything
      // ambiguous goes back to the job, whose next attempt looks for the update first.
      const created = await withRetryIfRejected(
        async () =>
          unwrap(
            await api.POST('/status_updates', {
              params: { query: { opt_fields: ['created_at'] } },
              body: {
                data: { parent: projectGid, title: update.title, text: update.text, status_type: update.statusType },
              },
            }),
            `status update on project ${projectGid}`,
            clock,
          ),
        clock,
        policy,
      );
      return created.data?.gid ?? '';
    },

    async findOwn(title, since) {
      const me = await selfId();
      const updates = asanaItems(
        (offset) =>
          withRetry(
            async () =>
              unwrap(
                await api.GET('/status_updates', {
                  params: {
                    query: {
                      parent: projectGid,
                      created_since: new Date(since).toISOString(),
                      opt_fields: ['title', 'created_by', 'created_at'],
                      limit: 100,
                      ...(offset && { offset }),
                    },
                  },
                }),
                `read of project ${projectGid} status updates`,
                clock,
              ),
            clock,
            policy,
          ),
        { maxPages: MAX_PAGES },
      );
      for await (const update of updates) {
        // The compact type of the spec omits created_by, which opt_fields asks for.
        const u = update as typeof update & { created_by?: { gid?: string } };
        if (u.gid && u.title === title && u.created_by?.gid === me) return u.gid;
      }
      return null;
    },
  };
}
