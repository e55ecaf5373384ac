import type { BridgeEnv } from '../../platform/config/env';
import { parsePublicUrl } from '../../platform/config/public-url';
import { NotConfiguredError } from '../../platform/errors/app-errors';
import { anyScopeJql } from '../reconcile/reconcile-jql';
import type { Ctx } from '../context';
import { COMMENT_EVENTS } from '../jobs/jira-comment-job';

export const JIRA_WEBHOOK_NAME = 'jira-tracker-bridge';
export const JIRA_WEBHOOK_EVENTS = ['jira:issue_created', 'jira:issue_updated', 'jira:issue_deleted'];

/** Registers (or updates) the Jira webhook: the issue events, a JQL filter for what any mapping follows, the secret. */
export async function registerJiraWebhook(
  deps: Pick<Ctx, 'jira' | 'mappingNames' | 'inMapping'>,
  env: Pick<BridgeEnv, 'JIRA_WEBHOOK_SECRET'>,
  publicUrl: string,
) {
  if (!env.JIRA_WEBHOOK_SECRET)
    throw new NotConfiguredError(
      'Set JIRA_WEBHOOK_SECRET first: the webhook is registered with it, and deliveries are verified against it',
    );
  // One webhook for every mapping: Jira sends what any of them follows.
  const jql = anyScopeJql(deps.mappingNames.map((name) => deps.inMapping(name).config.scope));
  const url = `${parsePublicUrl(publicUrl)}/webhooks/jira`;
  const result = await deps.jira.registerWebhook({
    name: JIRA_WEBHOOK_NAME,
    url,
    // Comment events only where a mapping relays Jira comments to the tracker.
    events: [
      ...JIRA_WEBHOOK_EVENTS,
      ...(deps.mappingNames.some((n) => deps.inMapping(n).config.comments?.toTracker) ? COMMENT_EVENTS : []),
    ],
    jql,
    secret: env.JIRA_WEBHOOK_SECRET,
  });
  return { url, jql, ...result };
}
