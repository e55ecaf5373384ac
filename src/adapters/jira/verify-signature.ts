import { Webhooks } from '@octokit/webhooks';

export type SignatureVerifier = (rawBody: string, signatureHeader: string | undefined) => Promise<boolean>;

/**
 * Checks `X-Hub-Signature: sha256=<hex>` (HMAC-SHA256 of the raw body) with @octokit/webhooks,
 * whose verify uses the same header format and compares in constant time. During a rotation the
 * previous secret is tried too, so deliveries Jira signed before the switch still verify.
 */
export function createSignatureVerifier(secret: string, previous?: string): SignatureVerifier {
  const verifiers = [secret, previous].filter((s): s is string => !!s).map((s) => new Webhooks({ secret: s }));
  return async (rawBody, signatureHeader) => {
    // An empty body is never signed by Jira, and the verifier throws on one: refuse it here.
    if (!rawBody || !signatureHeader || !/^sha256=[0-9a-f]{64}$/i.test(signatureHeader.trim())) return false;
    for (const webhooks of verifiers)
      if (await webhooks.verify(rawBody, signatureHeader.trim().toLowerCase())) return true;
    return false;
  };
}
