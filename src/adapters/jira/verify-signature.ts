import { verifyWithFallback } from '@octokit/webhooks-methods';

export type SignatureVerifier = (rawBody: string, signatureHeader: string | undefined) => Promise<boolean>;

/**
 * Checks `X-Hub-Signature: sha256=<hex>` (HMAC-SHA256 of the raw body) with the verify of
 * @octokit/webhooks (its `webhooks-methods` package, without the event machinery the bridge does
 * not use), which reads the same header format and compares in constant time. During a rotation
 * the previous secret is tried too, so deliveries Jira signed before the switch still verify.
 */
export function createSignatureVerifier(secret: string, previous?: string): SignatureVerifier {
  const fallbacks = previous ? [previous] : undefined;
  return async (rawBody, signatureHeader) => {
    // An empty body is never signed by Jira, and the verifier throws on one: refuse it here.
    if (!rawBody || !signatureHeader || !/^sha256=[0-9a-f]{64}$/i.test(signatureHeader.trim())) return false;
    return Boolean(await verifyWithFallback(secret, rawBody, signatureHeader.trim().toLowerCase(), fallbacks));
  };
}
