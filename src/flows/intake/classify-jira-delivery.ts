import type { Scope } from '../../platform/config/schema';
import { isInScope } from '../../engine/scope';
import { ValidationError } from '../../platform/errors/app-errors';
import { formatIssues } from '../../platform/config/parse-config';
import { ISSUE_EVENTS, parseWebhookIssue, type JiraWebhook } from '../../adapters/jira/webhook-schema';
import type { DeliveryPayload } from '../jobs/delivery-job';
import { COMMENT_EVENTS } from '../jobs/jira-comment-job';

export type JiraDeliveryDecision =
  | { kind: 'ignore'; reason: string }
  | ({ kind: 'record'; inScope: boolean; outOfScopeReason?: string } & Omit<DeliveryPayload, 'source'>);

/**
 * Pure, and judged on the event name alone (and whether comments are relayed): why the bridge
 * does not act on this event, or null when it does. An event it ignores is answered 202
 * whatever the rest of its body looks like.
 */
export function ignoredEvent(event: string, relayComments = false): string | null {
  if ((COMMENT_EVENTS as readonly string[]).includes(event) && relayComments) return null;
  if (event.startsWith('comment_')) return `${event} events are not synced`;
  if (!(ISSUE_EVENTS as readonly string[]).includes(event)) return `unsupported event ${event}`;
  return null;
}

/**
 * Pure: whether a valid Jira webhook for an event the bridge acts on is for it (in the scope of
 * any mapping: their JQL filters are judged when the issue is synced), and what of it to store.
 */
export function classifyJiraDelivery(body: JiraWebhook, scopes: readonly Scope[]): JiraDeliveryDecision {
  const event = body.webhookEvent;
  const ignored = ignoredEvent(event);
  if (ignored) return { kind: 'ignore', reason: ignored };

  const parsed = parseWebhookIssue(body);
  if (!parsed.success) {
    const problems = formatIssues(parsed.error.issues).map((p) => `issue.${p}`.replace(/\.\(root\)/, ''));
    throw new ValidationError(`Invalid ${event} body: ${problems.join('; ')}`, problems);
  }
  const issue = parsed.data;
  const projectKey = issue.fields.project.key;
  const issueType = issue.fields.issuetype?.name ?? null;
  const record = {
    kind: 'record' as const,
    event,
    issueId: issue.id,
    issueKey: issue.key,
    eventAt: body.timestamp,
    actor: body.user?.displayName ?? null,
    actorId: body.user?.accountId ?? null,
    changelogId: changelogIdOf(body.changelog),
  };
  if (!scopes.some((scope) => isInScope(scope, { projectKey, issueType }))) {
    // Kept only if the issue is already linked (it moved out of scope): the route decides.
    return {
      ...record,
      inScope: false,
      outOfScopeReason: `${issue.key} (${projectKey}${issueType ? `, ${issueType}` : ''}) is outside the configured scope`,
    };
  }
  return { ...record, inScope: true };
}

/** The changelog's id, when the body has one (as a string: Jira sends it as a string or a number). */
function changelogIdOf(changelog: unknown): string | null {
  const id = typeof changelog === 'object' && changelog !== null ? (changelog as { id?: unknown }).id : undefined;
  return typeof id === 'string' || typeof id === 'number' ? String(id).slice(0, 64) : null;
}
