import { composeNotice } from '../../engine/notices/compose-notice';
import { netChanges } from '../../engine/notices/notice-changes';
import type { FieldValues } from '../../engine/types';
import { retryDelayMs } from '../../work/backoff';
import { describeError } from '../../platform/log/logger';
import { classifyFailure, wasRefused } from '../../platform/retry/classify';
import { findLinkById, lockLinkForSync, unlockLink } from '../../adapters/storage/links-repo';
import { claimDueNotice, clearPostStarted, freezeAnnounced, markPostStarted, retryNotice, sentCommentIds, settleNotice } from '../../adapters/storage/notices-repo';
import type { NoticeRow } from '../../adapters/storage/schema';
import type { SyncDeps } from '../sync/sync-deps';

export type NoticeOutcome = 'sent' | 'already-sent' | 'cancelled' | 'retrying' | 'failed';
export type SendResult = { processed: false } | { processed: true; notice: NoticeRow; outcome: NoticeOutcome; error?: string };

/** How far back an earlier attempt's comment may be dated (clock skew between us and the tracker). */
const SKEW_MS = 60_000;
/**
 * How long after an interrupted post (a crash, a timeout) its comment may still land: the
 * request's own timeout plus the tracker's processing. Until then nobody can tell, so the notice waits.
 */
export const POST_SETTLE_MS = 30_000;

/** The text every copy of a notice carries, and no other comment does: found whatever the task's history. */
export const noticeMarker = (notice: Pick<NoticeRow, 'id'>) => `bridge-notice-${notice.id}`;

/**
 * Sends the next due notice (or the one given) exactly once: claimed first, its content frozen,
 * and on any attempt after the first the task's comments are searched for an earlier post
 * before posting again. Runs under the link's sync lock, so no sync changes the task meanwhile.
 */
export async function sendNextNotice(deps: SyncDeps, onlyId?: number): Promise<SendResult> {
  const { db, clock, config, logger } = deps;
  const leaseMs = config.sync.leaseSeconds * 1000;
  const notice = await claimDueNotice(db, clock.now(), leaseMs, onlyId);
  if (!notice) return { processed: false };
  const link = await findLinkById(db, notice.linkId);
  if (!link) {
    await settleNotice(db, notice.id, { status: 'cancelled', error: 'link removed', at: clock.now() });
    return done(notice, 'cancelled');
  }
  if (!(await lockLinkForSync(db, link.id, clock.now(), leaseMs))) {
    await retryNotice(db, notice.id, clock.now() + 2_000, 'task busy with a sync');
    return done(notice, 'retrying');
  }
  try {
    const outcome = await send(deps, notice, link.writtenValues as FieldValues);
    logger.info('notice settled', { noticeId: notice.id, taskId: notice.taskId, jiraKey: notice.jiraKey, outcome, attempt: notice.attempts });
    return done(notice, outcome);
  } catch (err) {
    const error = describeError(err);
    const decision = classifyFailure(err);
    if (decision.retryable && notice.attempts < config.sync.maxAttempts) {
      await retryNotice(db, notice.id, clock.now() + retryDelayMs(notice.attempts, decision.retryAfterMs), error);
      logger.warn('notice will be retried', { noticeId: notice.id, taskId: notice.taskId, error });
      return { ...done(notice, 'retrying'), error };
    }
    await settleNotice(db, notice.id, { status: 'failed', error, at: clock.now() });
    logger.error('notice failed', { noticeId: notice.id, taskId: notice.taskId, error });
    return { ...done(notice, 'failed'), error };
  } finally {
    await unlockLink(db, link.id);
  }
}

async function send(deps: SyncDeps, notice: NoticeRow, written: FieldValues): Promise<NoticeOutcome> {
  const { db, clock, tracker, config, jira } = deps;
  const baseline = notice.baseline as FieldValues;
  // What the comment announces is fixed on the first attempt, so a retry posts the same words.
  let announced = notice.announced as FieldValues | null;
  if (!announced) {
    announced = Object.fromEntries(Object.keys(baseline).map((field) => [field, written[field] ?? null]));
    await freezeAnnounced(db, notice.id, announced);
  }
  const changes = netChanges(baseline, announced);
  if (changes.length === 0) {
    await settleNotice(db, notice.id, { status: 'cancelled', at: clock.now() });
    return 'cancelled';
  }
  // A post that was started and never answered (a timeout, or a crash: a restart finds it still
  // in flight) may have landed: wait until it must have, then look for it before posting again.
  if (notice.postStartedAt !== null) {
    const settledAt = notice.postStartedAt + POST_SETTLE_MS;
    if (clock.now() < settledAt) {
      await retryNotice(db, notice.id, settledAt, 'waiting for an interrupted post to settle before looking for it');
      return 'retrying';
    }
    const since = Math.min(notice.postStartedAt, notice.firstClaimedAt ?? Infinity) - SKEW_MS;
    const credited = await sentCommentIds(db, notice.taskId);
    const earlier = await tracker.findOwnComment(notice.taskId, since, noticeMarker(notice), credited);
    if (earlier) {
      await settleNotice(db, notice.id, { status: 'sent', commentId: earlier, at: clock.now() });
      return 'already-sent';
    }
  }
  const settings = config.notifications;
  const audience = await tracker.noticeAudience(notice.taskId, settings.recipients.requesterField);
  const excluded = new Set([audience.selfId, ...settings.recipients.exclude]);
  const people = [...(settings.recipients.followers ? audience.followers : []), ...audience.requesters];
  const project = settings.projects[notice.jiraKey.split('-')[0] ?? ''];
  const message = composeNotice({
    feature: audience.taskName,
    jiraKey: notice.jiraKey,
    issueUrl: jira.issueUrl(notice.jiraKey),
    statusField: config.fields.status.field,
    changes,
    actors: notice.actors,
    mentions: [...new Set(people)].filter((id) => !excluded.has(id)),
    templates: { ...settings.templates, ...project?.templates },
    marker: noticeMarker(notice),
  });
  await markPostStarted(db, notice.id, clock.now());
  let commentId: string;
  try {
    commentId = await tracker.postComment(notice.taskId, message);
  } catch (err) {
    // Refused outright, it did not land; anything else stays ambiguous.
    if (wasRefused(err)) await clearPostStarted(db, notice.id);
    throw err;
  }
  await settleNotice(db, notice.id, { status: 'sent', commentId, at: clock.now() });
  return 'sent';
}

function done(notice: NoticeRow, outcome: NoticeOutcome): { processed: true; notice: NoticeRow; outcome: NoticeOutcome } {
  return { processed: true, notice, outcome };
}
