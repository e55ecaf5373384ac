import {
  claimDueJob,
  claimGroup,
  completeJobs,
  failJobs,
  postponeJobs,
  type JobFilter,
} from '../adapters/storage/jobs-repo';
import type { JobRow } from '../adapters/storage/schema';
import { describeError } from '../platform/log/logger';
import { classifyFailure } from '../platform/retry/classify';
import { retryDelayMs } from './backoff';
import type { JobHandlers, WorkCtx } from './job-handler';

export type RunResult =
  | { ran: false }
  | {
      ran: true;
      jobs: JobRow[];
      status: 'done' | 'pending' | 'failed';
      outcome: string | null;
      error?: string;
      /** When a job put back runs again. */
      runAt?: number;
    };

/** The request id a job's outbound calls and log lines carry. */
export const jobRequestId = (job: Pick<JobRow, 'id' | 'kind'>) => `${job.kind}-${job.id}`;

/**
 * The one way any job runs: claim the job due first (of those `filter` allows), with its group
 * when its kind coalesces; run its handler with a context scoped to it; then settle: done, put
 * back with a backoff (honouring Retry-After), or parked as failed after `sync.maxAttempts`
 * (at once, for an error retrying will not cure).
 */
export async function runNextJob<C extends WorkCtx<C>>(
  ctx: C,
  handlers: JobHandlers<C>,
  filter: JobFilter = {},
): Promise<RunResult> {
  const { db, clock, config } = ctx;
  const leaseMs = config.sync.leaseSeconds * 1000;
  const started = clock.now();
  const claimed = await claimDueJob(db, started, leaseMs, filter);
  if (!claimed) return { ran: false };
  return runClaimedJob(ctx, handlers, claimed, started);
}

/** Runs a job this worker has claimed (with its group, when its kind coalesces), and settles it. */
export async function runClaimedJob<C extends WorkCtx<C>>(
  ctx: C,
  handlers: JobHandlers<C>,
  claimed: JobRow,
  started: number,
): Promise<Extract<RunResult, { ran: true }>> {
  const { db, clock, config } = ctx;
  const leaseMs = config.sync.leaseSeconds * 1000;
  const handler = handlers[claimed.kind];
  if (!handler) {
    const error = `no handler for jobs of kind "${claimed.kind}"`;
    await failJobs(db, [claimed.id], error, started);
    ctx.log.error('job failed', { jobId: claimed.id, kind: claimed.kind, error });
    return { ran: true, jobs: [claimed], status: 'failed', outcome: null, error };
  }
  const batch = handler.coalesce ? [claimed, ...(await claimGroup(db, claimed, started, leaseMs))] : [claimed];
  const ids = batch.map((j) => j.id);
  const requestId = jobRequestId(claimed);
  const jobCtx = ctx.scoped(requestId, { jobId: claimed.id, kind: claimed.kind });
  try {
    const result = await ctx.trace.run(requestId, () => handler.run(jobCtx, batch));
    if ('later' in result) {
      await postponeJobs(db, ids, result.later, result.reason);
      jobCtx.log.info(`${handler.noun} postponed`, {
        ...handler.describe(claimed),
        reason: result.reason,
        until: new Date(result.later).toISOString(),
      });
      return { ran: true, jobs: batch, status: 'pending', outcome: null, runAt: result.later };
    }
    await completeJobs(db, ids, result.outcome, clock.now());
    return { ran: true, jobs: batch, status: 'done', outcome: result.outcome };
  } catch (err) {
    const error = describeError(err);
    const decision = classifyFailure(err);
    const now = clock.now();
    const parked = decision.retryable ? batch.filter((j) => j.attempts >= config.sync.maxAttempts) : batch;
    const retried = batch.filter((j) => !parked.includes(j));
    const runAt = now + retryDelayMs(Math.max(...batch.map((j) => j.attempts)), decision.retryAfterMs);
    if (retried.length)
      await postponeJobs(
        db,
        retried.map((j) => j.id),
        runAt,
        error,
      );
    if (parked.length) {
      await failJobs(
        db,
        parked.map((j) => j.id),
        error,
        now,
      );
      await handler.onFailed?.(jobCtx, parked, error);
    }
    for (const job of batch) {
      const isParked = parked.includes(job);
      const log = isParked ? jobCtx.log.error : jobCtx.log.warn;
      log(isParked ? `${handler.noun} failed` : `${handler.noun} will be retried`, {
        ...handler.describe(job),
        attempt: job.attempts,
        error,
        retryable: decision.retryable,
      });
    }
    return retried.length
      ? { ran: true, jobs: batch, status: 'pending', outcome: null, error, runAt }
      : { ran: true, jobs: batch, status: 'failed', outcome: null, error };
  }
}
