import { sha256Hex } from '../../platform/crypto/digest';

/**
 * The idempotency key of a Jira delivery: `X-Atlassian-Webhook-Identifier`, which Jira keeps
 * across retries; without it, a hash of the exact body (a retry resends the same bytes).
 */
export async function jiraDeliveryKey(identifier: string | undefined, rawBody: string): Promise<string> {
  if (identifier && identifier.trim()) return `jira:${identifier.trim()}`;
  return `jira-body:${await sha256Hex(rawBody)}`;
}
