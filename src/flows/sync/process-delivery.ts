import { classifyFailure } from '../../platform/retry/classify';
import { describeError } from '../../platform/log/logger';
import {
  claimNextDue,
  claimSiblings,
  completeDeliveries,
  deferDeliveries,
  failDeliveries,
} from '../../adapters/storage/deliveries-repo';
import type { DeliveryRow } from '../../adapters/storage/schema';
import type { SyncDeps } from './sync-deps';
import { syncIssue, type SyncResult } from './sync-issue';
import { retryDelayMs } from '../../work/backoff';

export type ProcessResult =
  | { processed: false }
  | { processed: true; deliveries: DeliveryRow[]; result: SyncResult }
  | { processed: true; deliveries: DeliveryRow[]; error: string; retrying: boolean };

/**
 * Claims the next due delivery (or the one given) with every other pending delivery of the
 * same issue, syncs the issue once, and settles them all: done, retried later, or failed.
 */
export async function processNextDelivery(deps: SyncDeps, onlyId?: number): Promise<ProcessResult> {
  const { db, clock, config, logger } = deps;
  const leaseMs = config.sync.leaseSeconds * 1000;
  const started = clock.now();
  const claimed = await claimNextDue(db, started, leaseMs, onlyId);
  if (!claimed) return { processed: false };
  const batch = [claimed, ...(await claimSiblings(db, claimed, started, leaseMs))];
  const ids = batch.map((d) => d.id);
  const cause = batch.some((d) => d.event === 'jira:issue_deleted') ? 'deleted' : 'changed';

  try {
    const actors = batch.map((d) => d.actor).filter((a): a is string => !!a);
    const result: SyncResult = (await causedByBridge(deps, batch)) ? { outcome: 'own-change', changedFields: [] } : await syncIssue(deps, claimed.issueId, cause, actors);
    await completeDeliveries(db, ids, result.outcome, clock.now());
    for (const d of batch) {
      logger.info('delivery processed', {
        ...deliveryFields(d),
        outcome: result.outcome,
        changedFields: result.changedFields,
        coalescedWith: batch.length - 1,
        durationMs: clock.now() - started,
      });
    }
    return { processed: true, deliveries: batch, result };
  } catch (err) {
    const error = describeError(err);
    const decision = classifyFailure(err);
    const now = clock.now();
    let failed: number[] = ids;
    if (decision.retryable) {
      const attempts = Math.max(...batch.map((d) => d.attempts));
      ({ failed } = await deferDeliveries(db, batch, error, now + retryDelayMs(attempts, decision.retryAfterMs), config.sync.maxAttempts, now));
    } else {
      await failDeliveries(db, ids, error, now);
    }
    for (const d of batch) {
      const parked = failed.includes(d.id);
      (parked ? logger.error : logger.warn)(parked ? 'delivery failed' : 'delivery will be retried', {
        ...deliveryFields(d),
        error,
        retryable: decision.retryable,
      });
    }
    return { processed: true, deliveries: batch, error, retrying: failed.length < ids.length };
  }
}

/**
 * Jira events the bridge caused itself (it writes to Jira only when committing requests) are
 * not synced back: no echo loops. Hence the bridge needs a Jira account of its own.
 */
async function causedByBridge(deps: SyncDeps, batch: DeliveryRow[]): Promise<boolean> {
  if (!deps.config.commit?.enabled || batch.some((d) => !d.actorId)) return false;
  const me = await deps.jiraWriter.myAccountId();
  return batch.every((d) => d.actorId === me);
}

function deliveryFields(d: DeliveryRow) {
  return { deliveryId: d.deliveryKey, event: d.event, issueKey: d.issueKey, attempt: d.attempts };
}
