import type { MiddlewareHandler } from 'hono';
import { timingSafeEqual } from 'hono/utils/buffer';
import { NotConfiguredError, UnauthorizedError } from '../../platform/errors/app-errors';

/** Admin endpoints need `Authorization: Bearer $ADMIN_TOKEN`, compared in constant time. */
export function adminAuth(adminToken: string | undefined): MiddlewareHandler {
  return async function requireAdminToken(c, next) {
    if (!adminToken) throw new NotConfiguredError('Admin API is disabled: set ADMIN_TOKEN to enable it');
    const match = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '');
    if (!match?.[1] || !(await timingSafeEqual(match[1].trim(), adminToken))) {
      throw new UnauthorizedError('Missing or invalid admin token (Authorization: Bearer <ADMIN_TOKEN>)');
    }
    await next();
  };
}
