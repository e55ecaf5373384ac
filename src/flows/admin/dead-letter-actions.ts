import { discardJob, replayJobs } from '../../work/dead-letters';
import { recordAdminAction } from '../audit/audit-trail';
import type { Ctx } from '../context';

/** Replays failed jobs (of one kind, or all; some, or every failed one), audited as `actor`'s. */
export async function replayAs(ctx: Ctx, actor: string, kind: string | undefined, ids?: number[]) {
  const replayed = await replayJobs(ctx, kind, ids);
  if (replayed.length) await recordAdminAction(ctx, actor, 'replayed', { detail: { jobs: replayed } });
  return replayed;
}

/** Discards a failed job for good, audited as `actor`'s. */
export async function discardAs(ctx: Ctx, actor: string, kind: string | undefined, id: number) {
  const discarded = await discardJob(ctx, kind, id);
  await recordAdminAction(ctx, actor, 'discarded', { detail: { job: discarded } });
  return discarded;
}
