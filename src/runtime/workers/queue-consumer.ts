import { processNextTrackerEvent } from '../../flows/commit/process-tracker-event';
import { sendNextNotice } from '../../flows/notify/send-notice';
import { findTrackerEvent } from '../../adapters/storage/tracker-events-repo';
import { describeError } from '../../platform/log/logger';
import { findDelivery } from '../../adapters/storage/deliveries-repo';
import { findNotice } from '../../adapters/storage/notices-repo';
import type { SyncDeps } from '../../flows/sync/sync-deps';
import type { WorkerRuntime } from './build-worker-runtime';
import { delaySecondsUntil, processDelivery } from './queue-jobs';
import type { BridgeJob, DeadLetterMessage } from './worker-env';


type Verdict = { ack: true } | { ack: false; retryAt: number };

/**
 * Processes a batch, acknowledging each message on its own. The database is the truth: a
 * message whose row is settled is acked; one whose row waits (backoff, Retry-After, a notice's
 * quiet window) is retried with the delay the row asks for; a delivery that failed for good
 * goes to the dead-letter queue, and its row stays visible to the admin API.
 */
export async function consumeJobs(batch: MessageBatch<BridgeJob>, runtime: WorkerRuntime, queue: Queue<BridgeJob>, deadLetters: Queue<DeadLetterMessage>): Promise<void> {
  const { sync, clock, logger } = runtime;
  if (!sync) {
    // Credentials missing: keep the messages until they are set.
    batch.retryAll({ delaySeconds: 300 });
    return;
  }
  for (const message of batch.messages) {
    try {
      const job = message.body;
      const verdict =
        'noticeId' in job
          ? await noticeJob(sync, job.noticeId)
          : 'trackerEventId' in job
            ? await trackerEventJob(sync, job.trackerEventId, queue)
            : await deliveryJob(sync, job.deliveryId, queue, deadLetters);
      if (verdict.ack) message.ack();
      else message.retry({ delaySeconds: Math.max(1, delaySecondsUntil(verdict.retryAt, clock.now())) });
    } catch (err) {
      // The database itself failed: let the queue retry (and dead-letter after max_retries).
      logger.error('queue message failed', { job: message.body, error: describeError(err) });
      message.retry({ delaySeconds: 30 });
    }
  }
}

async function deliveryJob(sync: SyncDeps, deliveryId: number, queue: Queue<BridgeJob>, deadLetters: Queue<DeadLetterMessage>): Promise<Verdict> {
  await processDelivery(sync, queue, deliveryId);
  const row = await findDelivery(sync.db, deliveryId);
  if (!row || row.status === 'done') return { ack: true };
  if (row.status === 'failed') {
    await deadLetters.send({ deliveryId, deliveryKey: row.deliveryKey, issueKey: row.issueKey, error: row.lastError ?? 'unknown error' });
    return { ack: true };
  }
  // Pending: due later (backoff, Retry-After) or held by another worker's lease.
  return { ack: false, retryAt: Math.max(row.nextAttemptAt, row.lockedUntil ?? 0) };
}

async function trackerEventJob(sync: SyncDeps, eventId: number, queue: Queue<BridgeJob>): Promise<Verdict> {
  const result = await processNextTrackerEvent(sync, { runNow: async (deliveryId) => void (await processDelivery(sync, queue, deliveryId)) }, eventId);
  if (result.processed && result.outcome === 'retrying') {
    const row = await findTrackerEvent(sync.db, eventId);
    return { ack: false, retryAt: row?.nextAttemptAt ?? sync.clock.now() + 60_000 };
  }
  return { ack: true };
}

async function noticeJob(sync: SyncDeps, noticeId: number): Promise<Verdict> {
  await sendNextNotice(sync, noticeId);
  const row = await findNotice(sync.db, noticeId);
  if (!row || row.status === 'sent' || row.status === 'cancelled' || row.status === 'failed') return { ack: true };
  // Not due yet (more changes arrived), or waiting for a retry.
  return { ack: false, retryAt: Math.max(row.dueAt, row.lockedUntil ?? 0) };
}
