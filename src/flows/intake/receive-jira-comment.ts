import { jiraCommentWebhookSchema } from '../../adapters/jira/webhook-schema';
import { findLinksByIssueId } from '../../adapters/storage/links-repo';
import { validateBody } from '../../platform/validation/parse-json';
import type { Ctx } from '../context';
import type { JiraIntakeResult } from './intake-result';
import { jiraCommentJob } from '../jobs/jira-comment-job';

/** Whether any mapping relays Jira comments to the tracker (else comment events are ignored). */
export const relaysJiraComments = (ctx: Ctx) =>
  ctx.mappingNames.some((name) => !!ctx.inMapping(name).config.comments?.toTracker);

/**
 * A verified comment event: stored as a job (before the acknowledgement) when its issue is
 * linked; the relay reads the comment fresh and judges it against each mapping's rules.
 */
export async function receiveJiraComment(
  ctx: Ctx,
  json: unknown,
  deliveryId: string,
  logFields: Record<string, unknown>,
): Promise<JiraIntakeResult> {
  const body = validateBody(json, jiraCommentWebhookSchema, 'Jira webhook body');
  const issue = { issueId: body.issue.id, issueKey: body.issue.key };
  if (!(await findLinksByIssueId(ctx.db, issue.issueId)).length) {
    const reason = `${issue.issueKey} is not linked`;
    ctx.log.info('delivery ignored', { ...logFields, reason });
    return { ignored: reason };
  }
  const [job] = await ctx.work.enqueue([
    jiraCommentJob(deliveryId, { event: body.webhookEvent, ...issue, commentId: body.comment.id }),
  ]);
  const duplicate = !job?.scheduled;
  ctx.log.info(duplicate ? 'delivery duplicate' : 'delivery stored', { ...logFields, issueKey: issue.issueKey });
  return { status: duplicate ? 'duplicate' : 'accepted', deliveryId };
}
