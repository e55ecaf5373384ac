import { renewJobLease } from '../adapters/storage/jobs-repo';
import type { JobRow } from '../adapters/storage/schema';
import type { WorkCtx } from './job-handler';

/**
 * For a job that works through many items (a mapping's flows, its stakeholders): call the result
 * after each item, and the job's lease is renewed whenever a third of it has passed, so a run
 * longer than `sync.leaseSeconds` is never taken for a crashed one and started again meanwhile.
 */
export function leaseKeeper<C>(ctx: WorkCtx<C>, job: JobRow): () => Promise<void> {
  const leaseMs = ctx.config.sync.leaseSeconds * 1000;
  let renewedAt = ctx.clock.now();
  return async () => {
    const now = ctx.clock.now();
    if (now - renewedAt < leaseMs / 3) return;
    renewedAt = now;
    await renewJobLease(ctx.db, job.id, now + leaseMs);
  };
}
