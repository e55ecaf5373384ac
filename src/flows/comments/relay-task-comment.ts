import { findLinkByTaskId } from '../../adapters/storage/links-repo';
import { isRelayedCopy } from '../../adapters/storage/relayed-comments-repo';
import { findJiraAccountsOf } from '../../adapters/storage/user-map-repo';
import { relaysToJira } from '../../engine/comments/relay-rules';
import type { JobResult } from '../../work/job-handler';
import type { Ctx } from '../context';
import type { TrackerEventPayload } from '../jobs/tracker-event-job';
import { relayMarker } from './jira-comment-handler';
import { relayComment } from './relay-comment';

/**
 * A comment on a linked task (added, edited, removed), under the mapping of the project whose
 * webhook told of it: read fresh, posted on the Jira issue when it matches the mapping's rules
 * (naming its author, linking back to the task), its edits and deletion mirrored. The bridge's
 * own comments (notices, and the copies it relayed from Jira) are never relayed.
 */
export async function relayTaskComment(
  ctx: Ctx,
  event: TrackerEventPayload & { commentId: string },
): Promise<JobResult> {
  const rule = ctx.config.comments?.toJira;
  if (!rule) return { outcome: 'comment-relay-off' };
  const link = await findLinkByTaskId(ctx.db, event.taskId, ctx.mapping);
  if (!link || link.state !== 'active') return { outcome: 'unlinked' };
  if (await isRelayedCopy(ctx.db, event.commentId)) return { outcome: 'own-copy' };
  const self = await ctx.tracker.people.selfId();
  const gone = event.action === 'removed' || event.action === 'deleted';
  const comment = gone ? null : await ctx.tracker.conversation.readComment(event.commentId);
  if (comment && comment.authorId === self) return { outcome: 'own-comment' };
  const task = comment ? await ctx.tracker.tasks.getTask(event.taskId) : null;
  // The people it mentions, as Jira users through the user map (the bridge itself is not news).
  const mapped = comment
    ? await findJiraAccountsOf(
        ctx.db,
        comment.mentions.filter((id) => id !== self),
      )
    : [];
  const relayed = comment && {
    author: comment.authorName,
    text: comment.text,
    link: { text: task?.name || 'the request', url: task?.url ?? event.taskId },
    marker: relayMarker(event.commentId),
    mentions: mapped.map((m) => ({ accountId: m.jiraAccountId, name: m.displayName ?? m.jiraAccountId })),
  };
  const { jira } = ctx;
  return relayComment(
    ctx,
    { direction: 'to-jira', mapping: ctx.mapping, sourceId: event.commentId, linkId: link.id },
    comment,
    !!comment && relaysToJira(rule, comment, self),
    {
      post: () => jira.postRelayedComment(link.jiraIssueId, relayed!),
      update: (copy) => jira.updateRelayedComment(link.jiraIssueId, copy, relayed!),
      remove: (copy) => jira.deleteComment(link.jiraIssueId, copy),
      find: () => jira.findOwnComment(link.jiraIssueId, relayMarker(event.commentId)),
    },
  );
}
