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

/** Caps the body size (413), counting streamed bytes, not just Content-Length. */
export function limitBody(maxBytes: number): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new PayloadTooLargeError(`Body exceeds the limit of ${maxBytes} bytes`, { limitBytes: maxBytes });
    },
  });
}
