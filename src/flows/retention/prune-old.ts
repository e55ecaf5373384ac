import { pruneAudit } from '../../adapters/storage/audit-repo';
import { pruneDoneJobs } from '../../adapters/storage/jobs-admin-repo';
import type { Ctx } from '../context';

const DAY_MS = 86_400_000;

/**
 * Retention, run now and then by each runtime: finished jobs after `sync.retainDays`, and audit
 * entries after `audit.retainDays` (kept for ever when it is not set).
 */
export async function pruneOld(ctx: Pick<Ctx, 'db' | 'clock' | 'config'>): Promise<void> {
  const now = ctx.clock.now();
  await pruneDoneJobs(ctx.db, now - ctx.config.sync.retainDays * DAY_MS);
  const { retainDays } = ctx.config.audit;
  if (retainDays !== undefined) await pruneAudit(ctx.db, now - retainDays * DAY_MS);
}
