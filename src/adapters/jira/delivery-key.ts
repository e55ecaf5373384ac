/**
 * The idempotency key of a Jira delivery: `X-Atlassian-Webhook-Identifier`, which Jira keeps
 * across retries; without it, a hash of the exact body (a retry resends the same bytes).
 */
export async function jiraDeliveryKey(identifier: string | undefined, rawBody: string): Promise<string> {
  if (identifier && identifier.trim()) return `jira:${identifier.trim()}`;
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(rawBody));
  const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `jira-body:${hex}`;
}
