import { createHmac } from 'node:crypto';

/** `sha256=<hex>` as Jira sends it in X-Hub-Signature (computed independently of the code under test). */
export function hubSignature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** Asana's `X-Hook-Signature`: hex HMAC-SHA256 of the body with the webhook's secret. */
export function asanaSignature(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}
