import type { Clock } from '../../../platform/clock/clock';
import { withRetry, withRetryIfRejected } from '../../../platform/retry/with-retry';
import type { WebhookRegistrationOptions } from '../tracker';
import { unwrap, type AsanaApi } from './asana-client';

/**
 * What the commit trigger needs to hear about (tasks added, removed, deleted, and field changes),
 * and the comment relay (comments added, edited, removed).
 */
export const COMMIT_FILTERS = [
  { resource_type: 'task', action: 'added' },
  { resource_type: 'task', action: 'removed' },
  { resource_type: 'task', action: 'deleted' },
  { resource_type: 'task', action: 'changed', fields: ['custom_fields'] },
  { resource_type: 'story', resource_subtype: 'comment_added', action: 'added' },
  { resource_type: 'story', resource_subtype: 'comment_added', action: 'changed' },
  { resource_type: 'story', resource_subtype: 'comment_added', action: 'removed' },
];

/**
 * Creates the project's webhook pointing at `target`, unless an active one already does (so a
 * rerun is harmless); with `replace`, deletes those first. Asana performs the handshake against
 * `target` while the create request is open.
 */
export async function registerAsanaWebhook(
  api: AsanaApi,
  clock: Clock,
  projectGid: string,
  target: string,
  { replace, beforeCreate }: WebhookRegistrationOptions,
): Promise<{ status: 'created' | 'exists' | 'replaced'; gid: string }> {
  const project = await withRetry(
    async () =>
      unwrap(
        await api.GET('/projects/{project_gid}', {
          params: { path: { project_gid: projectGid }, query: { opt_fields: ['workspace'] } },
        }),
        'project read',
        clock,
      ),
    clock,
  );
  const workspace = project.data?.workspace?.gid;
  if (!workspace) throw new Error(`Project ${projectGid} has no workspace visible to the token`);
  const existing = await withRetry(
    async () =>
      unwrap(
        await api.GET('/webhooks', {
          params: { query: { workspace, resource: projectGid, opt_fields: ['active', 'target'], limit: 100 } },
        }),
        'webhook list',
        clock,
      ),
    clock,
  );
  const same = (existing.data ?? []).filter((w) => w.target === target && (replace || w.active !== false));
  if (same[0]?.gid && !replace) return { status: 'exists', gid: same[0].gid };
  for (const hook of same) {
    // Deleting twice is harmless (404 after the first), so this may be retried.
    await withRetry(async () => {
      const deleted = await api.DELETE('/webhooks/{webhook_gid}', { params: { path: { webhook_gid: hook.gid! } } });
      return deleted.response.status === 404 ? null : unwrap(deleted, 'webhook deletion', clock);
    }, clock);
  }
  await beforeCreate();
  const created = await withRetryIfRejected(
    async () =>
      // The spec's filter items are `allOf [WebhookFilter, {type: object}]`, which the generated type
      // turns into an object that admits no keys; the filters conform to WebhookFilter (tested).
      unwrap(
        await api.POST('/webhooks', {
          body: { data: { resource: projectGid, target, filters: COMMIT_FILTERS as never } },
        }),
        'webhook creation',
        clock,
      ),
    clock,
  );
  return { status: same.length ? 'replaced' : 'created', gid: created.data?.gid ?? '' };
}
