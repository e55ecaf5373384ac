import { Hono } from 'hono';
import { NotConfiguredError, UnauthorizedError } from '../../platform/errors/app-errors';
import { classifyJiraDelivery, ignoredEvent } from '../../flows/intake/classify-jira-delivery';
import { jiraDeliveryKey } from '../../adapters/jira/delivery-key';
import { jiraEnvelopeSchema, jiraWebhookSchema } from '../../adapters/jira/webhook-schema';
import { createSignatureVerifier, type SignatureVerifier } from '../../adapters/jira/verify-signature';
import { recordDelivery } from '../../adapters/storage/deliveries-repo';
import { findLinkByIssueId } from '../../adapters/storage/links-repo';
import type { AppDeps } from '../app-deps';
import { limitBody, requireJson } from '../middleware/require-json';
import { parseJson, validateBody } from '../parse-json';

/**
 * `POST /webhooks/jira`: verify, parse, store, answer. An issue outside the scope is ignored
 * unless it is linked already (it moved to another project: its link follows it by id). The delivery is durable before the
 * 200 goes out; syncing happens afterwards, so Jira's and Asana's latency never reach the ack.
 */
export function jiraWebhookRoute(deps: AppDeps): Hono {
  const { config, clock, logger, db, scheduler, security } = deps;
  const verify: SignatureVerifier | null = security.jiraWebhookSecret ? createSignatureVerifier(security.jiraWebhookSecret, security.jiraWebhookSecretPrevious) : null;

  return new Hono().post('/', requireJson(), limitBody(config.intake.maxBodyBytes), async (c) => {
    const raw = await c.req.text();
    const identifier = c.req.header('x-atlassian-webhook-identifier');
    if (verify) {
      if (!(await verify(raw, c.req.header('x-hub-signature')))) {
        logger.warn('delivery rejected', { deliveryId: identifier ?? null, reason: 'bad signature' });
        throw new UnauthorizedError('Missing or invalid X-Hub-Signature');
      }
    } else if (!security.allowUnsignedWebhooks) {
      // Malformed input is a 400 even here; a well-formed delivery gets 503, so Jira retries it
      // until the secret is set.
      validateBody(parseJson(raw, 'Jira webhook body'), jiraEnvelopeSchema, 'Jira webhook body');
      throw new NotConfiguredError('JIRA_WEBHOOK_SECRET is not set, so deliveries cannot be verified; set it (or ALLOW_UNSIGNED_WEBHOOKS=true for local experiments)');
    }

    const json = parseJson(raw, 'Jira webhook body');
    const { webhookEvent } = validateBody(json, jiraEnvelopeSchema, 'Jira webhook body');
    const deliveryId = await jiraDeliveryKey(identifier, raw);
    const logFields = { deliveryId, event: webhookEvent, retry: Number(c.req.header('x-atlassian-webhook-retry') ?? 0) || 0 };
    const ignore = (reason: string) => {
      logger.info('delivery ignored', { ...logFields, reason });
      return c.json({ ignored: reason }, 202);
    };
    // Events the bridge does not act on are classified before their bodies are judged.
    const early = ignoredEvent(webhookEvent);
    if (early) return ignore(early);
    const decision = classifyJiraDelivery(validateBody(json, jiraWebhookSchema, 'Jira webhook body'), config.scope);
    if (decision.kind === 'ignore') return ignore(decision.reason);
    if (!decision.inScope && !(await findLinkByIssueId(db, decision.issueId))) return ignore(decision.outOfScopeReason ?? 'outside the configured scope');

    const { id, duplicate } = await recordDelivery(
      db,
      { deliveryKey: deliveryId, source: 'jira', event: decision.event, issueId: decision.issueId, issueKey: decision.issueKey, eventAt: decision.eventAt, actor: decision.actor, actorId: decision.actorId },
      clock.now(),
    );
    logger.info(duplicate ? 'delivery duplicate' : 'delivery stored', { ...logFields, issueKey: decision.issueKey });
    if (!duplicate) await scheduler.notify(id);
    return c.json({ status: duplicate ? 'duplicate' : 'accepted', deliveryId }, 200);
  });
}
