import type { Context, MiddlewareHandler } from 'hono';
import type { Ctx } from '../../flows/context';
import { ForbiddenError, UnauthorizedError } from '../../platform/errors/app-errors';
import { currentSession, csrfMatches, type ConsoleSession } from './session';

export type ConsoleEnv = { Variables: { session: ConsoleSession; form: Record<string, unknown> } };

type Deps = Pick<Ctx, 'db' | 'clock' | 'secrets'>;

/** A local console path to return to after sign-in; anything else (another site, `//evil`) is ignored. */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.length > 1000) return '/console';
  const url = new URL(next, LOCAL);
  const inConsole = url.pathname === '/console' || url.pathname.startsWith('/console/');
  return url.origin === LOCAL && inConsole ? `${url.pathname}${url.search}` : '/console';
}
const LOCAL = 'http://console.invalid';

/**
 * A page for a signed-in role: `read` lets read-only and admin tokens in, `admin` only admins.
 * Without a session a page redirects to the sign-in form (and comes back); anything else is 401.
 */
export function requireSession(deps: Deps, role: 'read' | 'admin'): MiddlewareHandler<ConsoleEnv> {
  return async function consoleSession(c, next) {
    const session = await currentSession(c, deps);
    if (!session) {
      if (c.req.method === 'GET') {
        const next = safeNext(`${c.req.path}${new URL(c.req.url).search}`);
        return c.redirect(`/console/login?next=${encodeURIComponent(next)}`, 303);
      }
      throw new UnauthorizedError('Sign in first: this action needs a console session');
    }
    c.set('session', session);
    if (role === 'admin' && session.role !== 'admin')
      throw new ForbiddenError(`${session.actor} has a read-only token: this needs an admin token`);
    await next();
  };
}

/**
 * Every console action (a POST): from this site only (`Sec-Fetch-Site`, where the browser sends
 * it), with the session's CSRF token in the form. A refused action writes nothing.
 */
export function requireAction(): MiddlewareHandler<ConsoleEnv> {
  return async function consoleAction(c, next) {
    refuseCrossSite(c);
    const form = await c.req.parseBody();
    if (!(await csrfMatches(c.get('session'), form.csrf)))
      throw new ForbiddenError('The form is stale or came from another site: reload the page and try again');
    c.set('form', form);
    await next();
  };
}

/** A browser says where a request comes from; another site's is refused before anything is read. */
export function refuseCrossSite(c: Context): void {
  const site = c.req.header('sec-fetch-site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none')
    throw new ForbiddenError(`Cross-site request refused (Sec-Fetch-Site: ${site.slice(0, 20)})`);
}
