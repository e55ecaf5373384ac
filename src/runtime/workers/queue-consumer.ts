import { findJob } from '../../adapters/storage/jobs-repo';
import type { Ctx } from '../../flows/context';
import { jobHandlers } from '../job-handlers';
import { describeError } from '../../platform/log/logger';
import { runNextJob } from '../../work/run-job';
import { delaySecondsUntil } from './build-worker-runtime';
import type { DeadLetterMessage, JobMessage } from './worker-env';

/**
 * Runs a batch, acknowledging each message on its own. The database is the truth: a message
 * whose job is settled is acked; one whose job waits (backoff, Retry-After, a notice's quiet
 * window, another worker's lease) is retried with the delay the job asks for; a job that failed
 * for good goes to the dead-letter queue, and stays visible to the admin API.
 */
export async function consumeJobs(
  batch: MessageBatch<JobMessage>,
  ctx: Ctx,
  deadLetters: Queue<DeadLetterMessage>,
): Promise<void> {
  const { clock, log } = ctx;
  if (ctx.missing.length) {
    // Credentials missing: keep the messages until they are set.
    batch.retryAll({ delaySeconds: 300 });
    return;
  }
  for (const message of batch.messages) {
    const { jobId } = message.body;
    try {
      const result = await runNextJob(ctx, jobHandlers, { id: jobId });
      const ran = result.ran ? result.jobs.find((j) => j.id === jobId) : undefined;
      // What the run settled needs no second read; a job not run (not due, or claimed elsewhere) is read.
      const row =
        ran && result.ran
          ? {
              ...ran,
              status: result.status,
              runAt: result.runAt ?? ran.runAt,
              lockedUntil: null,
              lastError: result.error ?? null,
            }
          : await findJob(ctx.db, jobId);
      // A carried job runs with the later job of its group that carries it, on that one's message.
      if (!row || row.status === 'done' || (row.status === 'pending' && row.carriedBy !== null)) message.ack();
      else if (row.status === 'failed') {
        await deadLetters.send({ jobId, kind: row.kind, key: row.key, error: row.lastError ?? 'unknown error' });
        message.ack();
      } else
        message.retry({
          delaySeconds: Math.max(1, delaySecondsUntil(Math.max(row.runAt, row.lockedUntil ?? 0), clock.now())),
        });
    } catch (err) {
      // The database itself failed: let the queue retry (and dead-letter after max_retries).
      log.error('queue message failed', { jobId, error: describeError(err) });
      message.retry({ delaySeconds: 30 });
    }
  }
}
