import { jiraDeliveryKey } from '../../adapters/jira/delivery-key';
import { jiraEnvelopeSchema, jiraWebhookSchema } from '../../adapters/jira/webhook-schema';
import { findLinksByIssueId } from '../../adapters/storage/links-repo';
import { NotConfiguredError, UnauthorizedError } from '../../platform/errors/app-errors';
import { parseJson, validateBody } from '../../platform/validation/parse-json';
import type { Ctx } from '../context';
import type { JiraIntakeResult } from './intake-result';

export type { JiraIntakeResult };
import { receiveJiraComment, relaysJiraComments } from './receive-jira-comment';
import type { Scope } from '../../platform/config/schema';
import { deliveryJob } from '../jobs/delivery-job';
import { classifyJiraDelivery, ignoredEvent } from './classify-jira-delivery';

export interface RawDelivery {
  rawBody: string;
  header(name: string): string | undefined;
}

/**
 * A Jira webhook delivery, from raw bytes to a stored job: verify, parse, classify, record,
 * enqueue. An issue outside the scope is ignored unless it is linked already (it moved to
 * another project: its link follows it by id). The job is durable before this returns; syncing
 * happens afterwards, so Jira's and the tracker's latency never reach the acknowledgement.
 * Nothing is written for a delivery that fails a check.
 */
/** Every mapping's scope (with one mapping, no context is derived). */
const scopesOf = (ctx: Ctx): Scope[] => ctx.mappingNames.map((name) => ctx.inMapping(name).config.scope);

export async function receiveJiraDelivery(ctx: Ctx, delivery: RawDelivery): Promise<JiraIntakeResult> {
  const { secrets, log, config, db } = ctx;
  const raw = delivery.rawBody;
  const identifier = delivery.header('x-atlassian-webhook-identifier');
  if (secrets.verifyJiraSignature) {
    if (!(await secrets.verifyJiraSignature(raw, delivery.header('x-hub-signature')))) {
      log.warn('delivery rejected', { deliveryId: identifier ?? null, reason: 'bad signature' });
      throw new UnauthorizedError('Missing or invalid X-Hub-Signature');
    }
  } else if (!secrets.allowUnsignedWebhooks) {
    // Malformed input is a 400 even here; a well-formed delivery gets 503, so Jira retries it
    // until the secret is set.
    validateBody(parseJson(raw, 'Jira webhook body'), jiraEnvelopeSchema, 'Jira webhook body');
    throw new NotConfiguredError(
      'JIRA_WEBHOOK_SECRET is not set, so deliveries cannot be verified; set it (or ALLOW_UNSIGNED_WEBHOOKS=true for local experiments)',
    );
  }

  const json = parseJson(raw, 'Jira webhook body');
  const { webhookEvent } = validateBody(json, jiraEnvelopeSchema, 'Jira webhook body');
  const deliveryId = await jiraDeliveryKey(identifier, raw);
  const logFields = {
    deliveryId,
    event: webhookEvent,
    retry: Number(delivery.header('x-atlassian-webhook-retry') ?? 0) || 0,
  };
  const ignore = (reason: string): JiraIntakeResult => {
    log.info('delivery ignored', { ...logFields, reason });
    return { ignored: reason };
  };
  // Events the bridge does not act on are classified before their bodies are judged.
  const early = ignoredEvent(webhookEvent, relaysJiraComments(ctx));
  if (early) return ignore(early);
  if (webhookEvent.startsWith('comment_')) return receiveJiraComment(ctx, json, deliveryId, logFields);
  const body = validateBody(json, jiraWebhookSchema, 'Jira webhook body');
  const decision = classifyJiraDelivery(body, scopesOf(ctx));
  if (decision.kind === 'ignore') return ignore(decision.reason);
  if (!decision.inScope && !(await findLinksByIssueId(db, decision.issueId)).length)
    return ignore(decision.outOfScopeReason ?? 'outside the configured scope');

  const { event, issueId, issueKey, eventAt, actor, actorId, changelogId } = decision;
  // A burst for one issue is synced once, after it (sync.debounce).
  const [job] = await ctx.work.enqueue(
    [deliveryJob(deliveryId, { source: 'jira', event, issueId, issueKey, eventAt, actor, actorId, changelogId })],
    { debounce: config.sync.debounce },
  );
  const duplicate = !job?.scheduled;
  log.info(duplicate ? 'delivery duplicate' : 'delivery stored', { ...logFields, issueKey });
  return { status: duplicate ? 'duplicate' : 'accepted', deliveryId };
}
