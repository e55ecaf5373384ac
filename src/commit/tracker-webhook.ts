import { writeState } from '../storage/sync-state-repo';
import type { SyncDeps } from '../sync/sync-deps';

/** How long after a registration starts a handshake may replace a resource's secret. */
export const HANDSHAKE_WINDOW_MS = 10 * 60_000;
export const pendingHandshakeKey = (resource: string) => `tracker.handshake.${resource}`;

/**
 * Registers the tracker webhook the commit trigger needs, pointing at this bridge. The pending
 * mark lets the handshake (which arrives while the tracker's create request is open) set the
 * secret; a rerun finds the webhook and changes nothing.
 */
export async function registerTrackerWebhook(deps: Pick<SyncDeps, 'db' | 'clock' | 'tracker'>, projectId: string, publicUrl: string) {
  const target = `${publicUrl.replace(/\/+$/, '')}/webhooks/${deps.tracker.kind}/${projectId}`;
  await writeState(deps.db, pendingHandshakeKey(projectId), String(deps.clock.now()), deps.clock.now());
  const result = await deps.tracker.registerWebhook(projectId, target);
  return { target, ...result };
}
