import { createHmac } from 'node:crypto';

/** `sha256=<hex>` as Jira sends it in X-Hub-Signature (computed independently of the code under test). */
export function hubSignature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}
