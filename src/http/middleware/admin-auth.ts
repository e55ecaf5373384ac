import type { Context, MiddlewareHandler } from 'hono';
import { timingSafeEqual } from 'hono/utils/buffer';
import { anyActiveToken } from '../../adapters/storage/admin-tokens-repo';
import type { Ctx } from '../../flows/context';
import { identifyToken, type AdminIdentity } from '../../flows/admin/admin-tokens';
import { ForbiddenError, NotConfiguredError, UnauthorizedError } from '../../platform/errors/app-errors';

const READS = new Set(['GET', 'HEAD']);

/**
 * Admin endpoints need `Authorization: Bearer <token>`: `ADMIN_TOKEN` (compared in constant
 * time), or a named token from `tokens create` (found by its hash). A read-only token may only
 * read. The request then carries who it is, for the audit trail. A refused request writes nothing.
 */
export function adminAuth(ctx: Pick<Ctx, 'secrets' | 'db' | 'clock'>): MiddlewareHandler {
  return async function requireAdminToken(c, next) {
    const presented = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1]?.trim();
    const envToken = ctx.secrets.adminToken;
    let identity: AdminIdentity | null = null;
    if (presented && envToken && (await timingSafeEqual(presented, envToken)))
      identity = { actor: 'admin:ADMIN_TOKEN', role: 'admin' };
    else if (presented && presented.length <= 512) identity = await identifyToken(ctx, presented);
    if (!identity) {
      if (!envToken && !(await anyActiveToken(ctx.db)))
        throw new NotConfiguredError(
          'Admin API is disabled: set ADMIN_TOKEN (or create a token: npm run cli -- tokens create <name>)',
        );
      throw new UnauthorizedError('Missing or invalid admin token (Authorization: Bearer <token>)');
    }
    if (identity.role === 'read' && !READS.has(c.req.method))
      throw new ForbiddenError(`The token of ${identity.actor} is read-only`);
    c.set('adminIdentity' as never, identity as never);
    await next();
  };
}

/** Who made this admin request (set by `adminAuth`). */
export const adminActor = (c: Context): string =>
  (c.get('adminIdentity' as never) as AdminIdentity | undefined)?.actor ?? 'admin';
