import { wasRefused } from '../../platform/retry/classify';
import {
  claimRelay,
  clearRelayStarted,
  findRelay,
  markRelayDeleted,
  markRelayStarted,
  settleRelay,
  type RelaySource,
} from '../../adapters/storage/relayed-comments-repo';
import type { JobResult } from '../../work/job-handler';
import type { Ctx } from '../context';
import { POST_SETTLE_MS } from '../notify/send-notice';

/** How far back an interrupted post's copy may be dated (clock skew between us and the target). */
const SKEW_MS = 60_000;

/** Where a comment is relayed to: the other tool, for one link. */
export interface RelayTarget {
  /** Posts the copy (not retried blindly); returns its id. */
  post(): Promise<string>;
  /** Sets the copy to the source's current text (idempotent). */
  update(targetId: string): Promise<void>;
  /** Deletes the copy (idempotent). */
  remove(targetId: string): Promise<void>;
  /** The copy an interrupted post left, if it landed (posted since `since`). */
  find(since: number): Promise<string | null>;
}

/**
 * Relays one comment under one link, exactly once: the relay is claimed (a row) before the post,
 * and a post cut off mid-way is looked for in the target before posting again. A relayed
 * comment's edits and deletion follow it; `source` null means the comment is gone.
 */
export async function relayComment(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  key: RelaySource & { linkId: number },
  source: { text: string } | null,
  matches: boolean,
  target: RelayTarget,
): Promise<JobResult> {
  const { db, clock } = ctx;
  let row = await findRelay(db, key);
  if (!source) {
    if (!row || row.state === 'deleted') return { outcome: 'gone' };
    const copy = row.targetId ?? (row.postStartedAt !== null ? await target.find(row.postStartedAt - SKEW_MS) : null);
    if (copy) await target.remove(copy);
    await markRelayDeleted(db, row.id, clock.now());
    return { outcome: copy ? 'deleted' : 'gone' };
  }
  if (!row) {
    if (!matches) return { outcome: 'not-matching' };
    const claim = await claimRelay(db, { ...key, text: source.text }, clock.now());
    row = claim.row;
    if (claim.claimed) return post(ctx, row.id, source.text, target);
  }
  if (row.state === 'deleted') return { outcome: 'deleted-earlier' };
  if (row.state === 'posting') {
    if (row.postStartedAt !== null) {
      // A post was started and never answered: it may have landed. Wait until it must have, then look.
      const settledAt = row.postStartedAt + POST_SETTLE_MS;
      if (clock.now() < settledAt)
        return { later: settledAt, reason: 'waiting for an interrupted post to settle before looking for it' };
      const earlier = await target.find(row.postStartedAt - SKEW_MS);
      if (earlier) {
        await settleRelay(db, row.id, earlier, row.text, clock.now());
        return source.text === row.text
          ? { outcome: 'already-relayed' }
          : edit(ctx, row.id, earlier, source.text, target);
      }
    }
    // Marked before the post, so a post cut off now is looked for next time.
    await markRelayStarted(db, row.id, clock.now());
    return post(ctx, row.id, source.text, target);
  }
  if (row.text === source.text) return { outcome: 'unchanged' };
  return edit(ctx, row.id, row.targetId!, source.text, target);
}

async function post(ctx: Pick<Ctx, 'db' | 'clock'>, id: number, text: string, target: RelayTarget): Promise<JobResult> {
  let copy: string;
  try {
    copy = await target.post();
  } catch (err) {
    // Refused outright, it did not land; anything else stays ambiguous.
    if (wasRefused(err)) await clearRelayStarted(ctx.db, id);
    throw err;
  }
  await settleRelay(ctx.db, id, copy, text, ctx.clock.now());
  return { outcome: 'relayed' };
}

async function edit(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  id: number,
  copy: string,
  text: string,
  target: RelayTarget,
): Promise<JobResult> {
  await target.update(copy);
  await settleRelay(ctx.db, id, copy, text, ctx.clock.now());
  return { outcome: 'edited' };
}
