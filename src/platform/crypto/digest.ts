// SHA-256 and HMAC-SHA256 as lowercase hex, through Web Crypto (the same in Node and workerd).

const encode = (text: string) => new TextEncoder().encode(text);
const hex = (buffer: ArrayBuffer) => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');

/** The SHA-256 of `text` (UTF-8), 64 hex characters. */
export async function sha256Hex(text: string): Promise<string> {
  return hex(await crypto.subtle.digest('SHA-256', encode(text)));
}

/** The HMAC-SHA256 of `message` under `key` (both UTF-8), 64 hex characters. */
export async function hmacSha256Hex(key: string, message: string): Promise<string> {
  const hmacKey = await crypto.subtle.importKey('raw', encode(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return hex(await crypto.subtle.sign('HMAC', hmacKey, encode(message)));
}
