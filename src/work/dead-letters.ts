import { NotFoundError } from '../platform/errors/app-errors';
import type { AppDeps } from '../http/app-deps';
import { discardFailed, replayFailed } from '../adapters/storage/deliveries-repo';
import type { DeliveryRow } from '../adapters/storage/schema';

type Deps = Pick<AppDeps, 'db' | 'clock' | 'logger' | 'scheduler'>;

/** Gives failed deliveries (the given ones, or all) fresh attempts and hands them to the worker. */
export async function replayDeliveries(deps: Deps, ids?: number[]): Promise<number[]> {
  const replayed = await replayFailed(deps.db, deps.clock.now(), ids);
  if (ids && replayed.length === 0) throw new NotFoundError(`No failed delivery ${ids.join(', ')}`);
  for (const id of replayed) await deps.scheduler.notify(id);
  deps.logger.info('deliveries replayed', { ids: replayed });
  return replayed;
}

/** Drops a failed delivery for good. */
export async function discardDelivery(deps: Deps, id: number): Promise<number> {
  if (!(await discardFailed(deps.db, id))) throw new NotFoundError(`No failed delivery ${id} (only failed deliveries can be discarded)`);
  deps.logger.info('delivery discarded', { id });
  return id;
}

/** A delivery as the admin API and CLI show it. */
export function publicDelivery(row: DeliveryRow) {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    id: row.id,
    deliveryId: row.deliveryKey,
    event: row.event,
    issueKey: row.issueKey,
    status: row.status,
    attempts: row.attempts,
    outcome: row.outcome,
    lastError: row.lastError,
    receivedAt: iso(row.receivedAt),
    nextAttemptAt: row.status === 'pending' ? iso(row.nextAttemptAt) : null,
    processedAt: iso(row.processedAt),
  };
}
