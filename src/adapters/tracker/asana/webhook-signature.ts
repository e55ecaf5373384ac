/**
 * Checks Asana's `X-Hook-Signature`: the lowercase hex HMAC-SHA256 of the raw body with the
 * webhook's secret. Web Crypto's verify compares in constant time.
 */
export async function verifyAsanaSignature(
  secret: string,
  rawBody: string,
  signature: string | undefined,
): Promise<boolean> {
  if (!signature || !/^[0-9a-f]{64}$/i.test(signature.trim())) return false;
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['verify'],
  );
  const bytes = new Uint8Array(
    signature
      .trim()
      .match(/../g)!
      .map((h) => parseInt(h, 16)),
  );
  return crypto.subtle.verify('HMAC', key, bytes, new TextEncoder().encode(rawBody));
}
