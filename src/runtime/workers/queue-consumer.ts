import { processNextDelivery } from '../../inbox/process-delivery';
import { describeError } from '../../observability/logger';
import { findDelivery } from '../../storage/deliveries-repo';
import type { WorkerRuntime } from './build-worker-runtime';
import type { DeadLetterMessage, DeliveryMessage } from './worker-env';

/** Queues delay a retry by at most 12 hours. */
const MAX_DELAY_SECONDS = 12 * 60 * 60;

/**
 * Processes a batch of deliveries, acknowledging each message on its own. The inbox row is
 * the truth: a message whose row is settled is acked; one whose row waits for a retry is
 * retried with the delay the row asks for (Retry-After, backoff); one whose row failed for
 * good goes to the dead-letter queue, and the row stays visible to the admin API.
 */
export async function consumeDeliveries(
  batch: MessageBatch<DeliveryMessage>,
  runtime: WorkerRuntime,
  deadLetters: Queue<DeadLetterMessage>,
): Promise<void> {
  const { sync, db, clock, logger } = runtime;
  if (!sync) {
    // Credentials missing: keep the messages until they are set.
    batch.retryAll({ delaySeconds: 300 });
    return;
  }
  for (const message of batch.messages) {
    const { deliveryId } = message.body;
    try {
      await processNextDelivery(sync, deliveryId);
      const row = await findDelivery(db, deliveryId);
      if (!row || row.status === 'done') {
        message.ack();
      } else if (row.status === 'failed') {
        await deadLetters.send({ deliveryId, deliveryKey: row.deliveryKey, issueKey: row.issueKey, error: row.lastError ?? 'unknown error' });
        message.ack();
      } else {
        // Pending: due later (backoff, Retry-After) or held by another worker's lease.
        const dueAt = Math.max(row.nextAttemptAt, row.lockedUntil ?? 0);
        message.retry({ delaySeconds: Math.min(MAX_DELAY_SECONDS, Math.max(1, Math.ceil((dueAt - clock.now()) / 1000))) });
      }
    } catch (err) {
      // The database itself failed: let the queue retry (and dead-letter after max_retries).
      logger.error('queue message failed', { deliveryId, error: describeError(err) });
      message.retry({ delaySeconds: 30 });
    }
  }
}
