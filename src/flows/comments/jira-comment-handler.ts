import { jiraCommentUrl } from '../../adapters/jira/jira-comments';
import { findLinksByIssueId } from '../../adapters/storage/links-repo';
import { isRelayedCopy } from '../../adapters/storage/relayed-comments-repo';
import { relaysToTracker } from '../../engine/comments/relay-rules';
import type { JobHandler, JobResult } from '../../work/job-handler';
import type { Ctx } from '../context';
import { jiraCommentOf } from '../jobs/jira-comment-job';
import { relayComment } from './relay-comment';
import { resolvePeople } from '../people/resolve-people';

/** The text only the copy of a relayed comment carries (in its link), per source comment. */
export const relayMarker = (commentId: string) => `bridge-relay-${commentId}`;

/**
 * A Jira comment event: the comment, read fresh, is posted on each linked task whose mapping
 * relays comments to the tracker and whose rules it matches; its edits and deletion follow.
 * The bridge's own comments (the copies it relayed from the tracker) are never relayed back.
 */
export const jiraCommentJobHandler: JobHandler<Ctx> = {
  noun: 'comment',
  describe: (job) => ({ deliveryId: job.key, ...jiraCommentOf(job) }),
  async run(root, [job]): Promise<JobResult> {
    const event = jiraCommentOf(job!);
    const result = await relayJiraComment(root, event);
    root.log.info('comment event processed', { ...jiraCommentJobHandler.describe(job!), ...result });
    return result;
  },
};

async function relayJiraComment(root: Ctx, event: ReturnType<typeof jiraCommentOf>): Promise<JobResult> {
  const links = (await findLinksByIssueId(root.db, event.issueId)).filter(
    (l) =>
      l.state === 'active' &&
      root.mappingNames.includes(l.mapping) &&
      root.inMapping(l.mapping).config.comments?.toTracker,
  );
  if (!links.length) return { outcome: 'not-relayed' };
  if (await isRelayedCopy(root.db, event.commentId)) return { outcome: 'own-copy' };
  const comment = event.event === 'comment_deleted' ? null : await root.jira.getComment(event.issueId, event.commentId);
  if (comment && comment.authorId === (await root.jira.myAccountId())) return { outcome: 'own-comment' };
  const labelRules = links.some((l) => root.inMapping(l.mapping).config.comments!.toTracker!.labels.length);
  const labels = comment && labelRules ? ((await root.jira.getIssue(event.issueId))?.labels ?? []) : [];
  const url = jiraCommentUrl(root.jira.issueUrl(event.issueKey), event.commentId);
  // The people it mentions, as tracker users through the user map (the unmapped stay "@Name" in its text).
  const people = comment?.mentions.length
    ? await resolvePeople(
        root,
        comment.mentions.map((m) => ({ ...m, email: null })),
        false,
      )
    : new Map();
  const mentions = [...people.values()].flatMap((p) => ('id' in p ? [p.id] : []));

  const outcomes: string[] = [];
  for (const link of links) {
    const ctx = root.inMapping(link.mapping);
    const conversation = ctx.tracker.conversation;
    const relayed = comment && {
      author: comment.authorName,
      text: comment.text,
      link: { text: event.issueKey, url },
      marker: relayMarker(event.commentId),
      mentions,
    };
    const result = await relayComment(
      ctx,
      { direction: 'to-tracker', mapping: link.mapping, sourceId: event.commentId, linkId: link.id },
      comment,
      !!comment && relaysToTracker(ctx.config.comments!.toTracker!, comment, labels),
      {
        post: () => conversation.postRelayed(link.taskId, relayed!),
        update: (copy) => conversation.updateRelayed(copy, relayed!),
        remove: (copy) => conversation.deleteComment(copy),
        find: (since) => conversation.findOwnComment(link.taskId, since, relayMarker(event.commentId), []),
      },
    );
    // Waiting for an interrupted post: the whole event runs again later (every step is idempotent).
    if ('later' in result) return result;
    outcomes.push(result.outcome);
  }
  return { outcome: [...new Set(outcomes)].join(', ') };
}
