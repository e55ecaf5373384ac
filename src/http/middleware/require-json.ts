import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { PayloadTooLargeError, UnsupportedMediaTypeError } from '../../platform/errors/app-errors';

/** Rejects a body that is not JSON (415) before reading it. */
export function requireJson(): MiddlewareHandler {
  return async function requireJsonContentType(c, next) {
    const type = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json') {
      throw new UnsupportedMediaTypeError(`Content-Type must be application/json, got ${type ? `"${type}"` : 'none'}`);
    }
    await next();
  };
}

/**
 * Caps the body size (413). A declared Content-Length is checked without touching the body (the
 * HTTP parser reads no more than it declares), so the route still reads it the fast way; a body
 * without one (chunked) is counted as it streams.
 */
export function limitBody(maxBytes: number): MiddlewareHandler {
  const tooLarge = () => {
    throw new PayloadTooLargeError(`Body exceeds the limit of ${maxBytes} bytes`, { limitBytes: maxBytes });
  };
  const streamed = bodyLimit({ maxSize: maxBytes, onError: tooLarge });
  return async function limitBodySize(c, next) {
    const declared = c.req.header('content-length');
    if (declared === undefined || c.req.header('transfer-encoding') !== undefined) return streamed(c, next);
    if (Number(declared) > maxBytes) tooLarge();
    await next();
  };
}
