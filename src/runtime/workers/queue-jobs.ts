import { processNextDelivery } from '../../flows/sync/process-delivery';
import { describeError, type Logger } from '../../platform/log/logger';
import type { SyncDeps } from '../../flows/sync/sync-deps';
import type { BridgeJob } from './worker-env';

/** Queues delay a message by at most 12 hours. */
const MAX_DELAY_SECONDS = 12 * 60 * 60;

export const delaySecondsUntil = (at: number, now: number) => Math.min(MAX_DELAY_SECONDS, Math.max(0, Math.ceil((at - now) / 1000)));

/** Enqueues a job; a failure is only logged, because the row is stored and the cron sweep picks it up. */
export async function enqueue(queue: Queue<BridgeJob>, job: BridgeJob, logger: Logger): Promise<void> {
  try {
    await queue.send(job);
  } catch (err) {
    logger.warn('enqueue failed; the cron sweep will pick the row up', { job, error: describeError(err) });
  }
}

/** Processes a delivery and, if it held a notice, schedules the notice for when it is due. */
export async function processDelivery(sync: SyncDeps, queue: Queue<BridgeJob>, deliveryId: number) {
  const result = await processNextDelivery(sync, deliveryId);
  if (result.processed && 'result' in result && result.result.notice) {
    const { id, dueAt } = result.result.notice;
    await queue.send({ noticeId: id }, { delaySeconds: delaySecondsUntil(dueAt, sync.clock.now()) });
  }
  return result;
}
