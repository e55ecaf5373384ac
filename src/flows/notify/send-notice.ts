import { composeNotice, noticeText } from '../../engine/notices/compose-notice';
import { netChanges } from '../../engine/notices/notice-changes';
import type { FieldValues } from '../../engine/types';
import { wasRefused } from '../../platform/retry/classify';
import {
  clearPostStarted,
  freezeAnnounced,
  markPostStarted,
  sentCommentIds,
  settleNotice,
} from '../../adapters/storage/notices-repo';
import type { NoticeRow } from '../../adapters/storage/schema';
import type { JobResult } from '../../work/job-handler';
import { noteRequesters } from '../people/note-requesters';
import type { Ctx } from '../context';

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
 * Posts a notice being sent, once: what it announces is frozen on the first attempt, and after an
 * interrupted post the task's comments are searched for it before posting again.
 */
export async function sendNotice(ctx: Ctx, notice: NoticeRow, written: FieldValues): Promise<JobResult> {
  const { db, clock, tracker, config, jira } = ctx;
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
    return { outcome: 'cancelled' };
  }
  // A post that was started and never answered (a timeout, or a crash: a restart finds it still
  // in flight) may have landed: wait until it must have, then look for it before posting again.
  if (notice.postStartedAt !== null) {
    const settledAt = notice.postStartedAt + POST_SETTLE_MS;
    if (clock.now() < settledAt)
      return { later: settledAt, reason: 'waiting for an interrupted post to settle before looking for it' };
    const since = Math.min(notice.postStartedAt, notice.firstClaimedAt ?? Infinity) - SKEW_MS;
    const credited = await sentCommentIds(db, notice.taskId);
    const earlier = await tracker.conversation.findOwnComment(notice.taskId, since, noticeMarker(notice), credited);
    if (earlier) {
      await settleNotice(db, notice.id, { status: 'sent', commentId: earlier, at: clock.now() });
      return { outcome: 'already-sent' };
    }
  }
  const settings = config.notifications;
  const audience = await tracker.conversation.noticeAudience(notice.taskId, settings.recipients.requesterField);
  await noteRequesters({ db, config }, notice.taskId, audience);
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
  await markPostStarted(db, notice.id, clock.now(), { text: noticeText(message), recipients: message.mentions });
  let commentId: string;
  try {
    commentId = await tracker.conversation.postComment(notice.taskId, message);
  } catch (err) {
    // Refused outright, it did not land; anything else stays ambiguous.
    if (wasRefused(err)) await clearPostStarted(db, notice.id);
    throw err;
  }
  await settleNotice(db, notice.id, { status: 'sent', commentId, at: clock.now() });
  return { outcome: 'sent' };
}
