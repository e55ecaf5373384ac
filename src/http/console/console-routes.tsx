import { Hono, type Context, type MiddlewareHandler } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';
import { secureHeaders } from 'hono/secure-headers';
import { z } from 'zod';
import { anyActiveToken } from '../../adapters/storage/admin-tokens-repo';
import { findJob } from '../../adapters/storage/jobs-repo';
import { discardAs, replayAs } from '../../flows/admin/dead-letter-actions';
import { readAudit, recordAdminAction } from '../../flows/audit/audit-trail';
import { dashboardView } from '../../flows/console/dashboard-view';
import { linksView } from '../../flows/console/links-view';
import { operationsView } from '../../flows/console/operations-view';
import { requestTimeline } from '../../flows/console/request-timeline';
import type { Ctx } from '../../flows/context';
import { toHttpError } from '../../platform/errors/to-http';
import { describeError } from '../../platform/log/logger';
import { validateBody } from '../../platform/validation/parse-json';
import { limitBody } from '../middleware/require-json';
import { auditExport, auditFilterShape, filterOf } from '../routes/admin-audit';
import { refuseCrossSite, requireAction, requireSession, safeNext, type ConsoleEnv } from './console-auth';
import { AuditPage } from './pages/audit-page';
import { DashboardPage } from './pages/dashboard-page';
import { LinksPage } from './pages/links-page';
import { ErrorPage, LoginPage } from './pages/login-page';
import { DeadLetterRow, OpsPage } from './pages/ops-page';
import { RequestPage } from './pages/request-page';
import { PERIODS } from './pages/widgets';
import { endSession, signInWith, startSession } from './session';

const render = (c: Context, page: JSX.Element, status = 200) => c.html(`<!DOCTYPE html>${String(page)}`, status as 200);

// Empty form fields mean "no filter".
const filled = (query: Record<string, string>) => Object.fromEntries(Object.entries(query).filter(([, v]) => v !== ''));

/**
 * The web console under `/console`: the portfolio dashboard and request timelines for any signed-in
 * token, operations, links and the audit trail for admins. Server-rendered; every page carries a
 * strict Content-Security-Policy (scripts, styles and data from this server only), and every
 * action a same-site check and the session's CSRF token.
 */
export function consoleRoutes(ctx: Ctx, assets?: MiddlewareHandler): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const read = requireSession(ctx, 'read');
  const admin = requireSession(ctx, 'admin');
  if (assets) app.get('/assets/*', assets);
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
      referrerPolicy: 'same-origin',
    }),
  );
  app.use(async (c, next) => {
    await next();
    if (!c.req.path.startsWith('/console/assets/')) c.header('Cache-Control', 'no-store');
  });

  // Without ADMIN_TOKEN and without a named token nobody can sign in: the form says how to make one.
  const noToken = async () => !ctx.secrets.adminToken && !(await anyActiveToken(ctx.db));
  app.get('/login', async (c) =>
    render(c, <LoginPage next={safeNext(c.req.query('next'))} noToken={await noToken()} />),
  );
  app.post('/login', limitBody(8 * 1024), async (c) => {
    refuseCrossSite(c);
    const form = await c.req.parseBody();
    const signedIn = typeof form.token === 'string' ? await signInWith(ctx, form.token) : null;
    const next = safeNext(form.next);
    if (!signedIn)
      return render(
        c,
        <LoginPage next={next} problem="That token is not valid (or has been revoked)." noToken={await noToken()} />,
        401,
      );
    await startSession(c, ctx, signedIn.claim);
    await recordAdminAction(ctx, signedIn.identity.actor, 'console-signed-in', {});
    return c.redirect(next, 303);
  });
  app.post('/logout', limitBody(8 * 1024), read, requireAction(), (c) => {
    endSession(c);
    return c.redirect('/console/login', 303);
  });

  const mappingName = z.enum(ctx.mappingNames as [string, ...string[]]).optional();
  const dashboardQuery = z
    .object({
      mapping: mappingName,
      project: z
        .string()
        .regex(/^[A-Z][A-Z0-9_]{0,30}$/, 'must be a Jira project key such as "ABC"')
        .optional(),
      requester: z.string().trim().min(1).max(200).optional(),
      weeks: z.coerce
        .number()
        .refine((w) => (PERIODS as readonly number[]).includes(w), `must be one of ${PERIODS.join(', ')}`)
        .default(12),
    })
    .strict();
  app.get('/', read, async (c) => {
    const view = await dashboardView(ctx, validateBody(filled(c.req.query()), dashboardQuery, 'filters'));
    return render(c, <DashboardPage ctx={ctx} session={c.get('session')} view={view} />);
  });
  app.get('/requests/:jiraKey', read, async (c) => {
    const key = validateBody(c.req.param('jiraKey'), auditFilterShape.jiraKey.unwrap(), 'Jira issue key');
    const timeline = await requestTimeline(ctx, key.toUpperCase());
    return render(c, <RequestPage ctx={ctx} session={c.get('session')} timeline={timeline} />);
  });

  app.get('/ops', admin, async (c) =>
    render(c, <OpsPage session={c.get('session')} view={await operationsView(ctx)} />),
  );
  const linksQuery = z
    .object({
      mapping: mappingName,
      attention: z.enum(['0', '1']).default('1'),
      page: z.coerce.number().int().min(1).max(100_000).default(1),
    })
    .strict();
  app.get('/links', admin, async (c) => {
    const q = validateBody(filled(c.req.query()), linksQuery, 'filters');
    const query = { mapping: q.mapping, attention: q.attention === '1', page: q.page };
    return render(
      c,
      <LinksPage ctx={ctx} session={c.get('session')} view={await linksView(ctx, query)} query={query} />,
    );
  });

  const auditSearch = z.object(auditFilterShape).strict();
  const auditQuery = auditSearch.extend({ cursor: z.coerce.number().int().min(0).default(0) });
  app.get('/audit', admin, async (c) => {
    const q = validateBody(filled(c.req.query()), auditQuery, 'search');
    const { cursor: _cursor, ...search } = filled(c.req.query());
    const page = await readAudit(ctx, filterOf(q), q.cursor, 100);
    return render(c, <AuditPage session={c.get('session')} search={search} {...page} />);
  });
  app.get('/audit/export', admin, (c) =>
    auditExport(ctx, filterOf(validateBody(filled(c.req.query()), auditSearch, 'search')), 'csv'),
  );

  // Replay or discard a dead letter: htmx swaps the row in place; without JavaScript the page reloads.
  for (const action of ['replay', 'discard'] as const)
    app.post(`/jobs/:id{[0-9]{1,15}}/${action}`, limitBody(8 * 1024), admin, requireAction(), async (c) => {
      const id = Number(c.req.param('id'));
      const session = c.get('session');
      if (action === 'replay') await replayAs(ctx, session.actor, undefined, [id]);
      else await discardAs(ctx, session.actor, undefined, id);
      if (!c.req.header('hx-request')) return c.redirect('/console/ops#dead', 303);
      const job = await findJob(ctx.db, id);
      const done = action === 'replay' ? `Replayed: ${job?.status ?? 'done'}` : 'Discarded';
      return job
        ? c.html(String(<DeadLetterRow session={session} job={job} done={done} />))
        : c.html(`<tr id="job-${id}"><td colspan="6" role="status">${done}</td></tr>`);
    });

  app.onError((err, c) => {
    const { status, body } = toHttpError(err);
    if (status >= 500) ctx.log.error('console request failed', { path: c.req.path, error: describeError(err) });
    return render(c, <ErrorPage status={status} message={body.error.message} session={c.get('session')} />, status);
  });
  return app;
}
