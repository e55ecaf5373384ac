import type { BridgeEnv } from '../../platform/config/env';
import { parsePublicUrl } from '../../platform/config/public-url';
import { NotConfiguredError } from '../../platform/errors/app-errors';
import { reconcileJql } from '../reconcile/reconcile-jql';
import type { Ctx } from '../context';

export const JIRA_WEBHOOK_NAME = 'jira-tracker-bridge';
export const JIRA_WEBHOOK_EVENTS = ['jira:issue_created', 'jira:issue_updated', 'jira:issue_deleted'];

/** Registers (or updates) the Jira webhook: the issue events, a JQL filter for the projects in scope, the secret. */
export async function registerJiraWebhook(
  deps: Pick<Ctx, 'config' | 'jira'>,
  env: Pick<BridgeEnv, 'JIRA_WEBHOOK_SECRET'>,
  publicUrl: string,
) {
  if (!env.JIRA_WEBHOOK_SECRET)
    throw new NotConfiguredError(
      'Set JIRA_WEBHOOK_SECRET first: the webhook is registered with it, and deliveries are verified against it',
    );
  const jql = reconcileJql(deps.config.scope, 0).replace(/ AND updated >= "-\d+m" ORDER BY updated ASC$/, '');
  const url = `${parsePublicUrl(publicUrl)}/webhooks/jira`;
  const result = await deps.jira.registerWebhook({
    name: JIRA_WEBHOOK_NAME,
    url,
    events: JIRA_WEBHOOK_EVENTS,
    jql,
    secret: env.JIRA_WEBHOOK_SECRET,
  });
  return { url, jql, ...result };
}
