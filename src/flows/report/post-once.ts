import { claimPost, releasePost, type PostedTable } from '../../adapters/storage/post-claims-repo';
import { wasRefused } from '../../platform/retry/classify';
import type { JobResult } from '../../work/job-handler';
import type { Ctx } from '../context';
import { POST_SETTLE_MS } from '../notify/send-notice';

/** How far back an earlier attempt's post may be dated (clock skew between us and the tracker). */
const SKEW_MS = 60_000;

/**
 * Posts a claimed row (a status update, a digest) to the tracker exactly once, as notices are
 * posted: after an interrupted post (a crash, a timeout) it waits until that post must have
 * landed and looks for it; then it claims the post (one attempt of two that overlap), posts, and
 * records the tracker's id. A refusal releases the claim; anything else stays ambiguous.
 */
export async function postOnce(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  row: { table: PostedTable; id: number; postStartedAt: number | null },
  steps: {
    /** The tracker's id of an earlier post of this row made since `since`, or null. */
    find(since: number): Promise<string | null>;
    post(): Promise<string>;
    settle(trackerId: string): Promise<void>;
  },
): Promise<JobResult> {
  const { db, clock } = ctx;
  if (row.postStartedAt !== null) {
    const settledAt = row.postStartedAt + POST_SETTLE_MS;
    if (clock.now() < settledAt)
      return { later: settledAt, reason: 'waiting for an interrupted post to settle before looking for it' };
    const earlier = await steps.find(row.postStartedAt - SKEW_MS);
    if (earlier) {
      await steps.settle(earlier);
      return { outcome: 'already-sent' };
    }
  }
  if (!(await claimPost(db, row.table, row.id, row.postStartedAt, clock.now())))
    return { later: clock.now() + POST_SETTLE_MS, reason: 'another attempt is posting it' };
  let trackerId: string;
  try {
    trackerId = await steps.post();
  } catch (err) {
    if (wasRefused(err)) await releasePost(db, row.table, row.id);
    throw err;
  }
  await steps.settle(trackerId);
  return { outcome: 'sent' };
}
