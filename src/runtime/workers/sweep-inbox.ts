import { strandedJobs } from '../../adapters/storage/jobs-admin-repo';
import { pruneOld } from '../../flows/retention/prune-old';
import type { Ctx } from '../../flows/context';
import type { JobMessage } from './worker-env';

/** How long a due job may sit unclaimed before the sweep assumes its message was lost. */
const STRANDED_AFTER_MS = 5 * 60 * 1000;

/**
 * The Cron trigger's job: send again the jobs whose queue message was lost (the send after the
 * insert failed, or a message expired), whatever their kind, and prune what retention lets go.
 */
export async function sweepJobs(ctx: Ctx, queue: Queue<JobMessage>): Promise<number> {
  const { db, clock } = ctx;
  const now = clock.now();
  const stranded = await strandedJobs(db, now, STRANDED_AFTER_MS, 100);
  if (stranded.length) await queue.sendBatch(stranded.map((jobId) => ({ body: { jobId } })));
  await pruneOld(ctx);
  return stranded.length;
}
