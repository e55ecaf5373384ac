import { Hono, type MiddlewareHandler } from 'hono';
import { consoleRoutes } from './console/console-routes';
import type { Ctx } from '../flows/context';
import { NotFoundError, ShuttingDownError } from '../platform/errors/app-errors';
import { toHttpError } from '../platform/errors/to-http';
import { describeError } from '../platform/log/logger';
import { adminDeliveriesRoutes, adminJobsRoutes } from './routes/admin-jobs';
import { adminLinksRoutes } from './routes/admin-links';
import { adminSetupRoutes } from './routes/admin-setup';
import { adminAuditRoutes } from './routes/admin-audit';
import { adminTokensRoutes } from './routes/admin-tokens';
import { adminFlowRoutes } from './routes/admin-flow';
import { adminStatusUpdatesRoutes } from './routes/admin-status-updates';
import { adminUsersRoutes } from './routes/admin-users';
import { healthRoute } from './routes/health';
import { jiraWebhookRoute } from './routes/jira-webhook';
import { trackerWebhookRoute } from './routes/tracker-webhook';

export interface AppOptions {
  /** True once the process is stopping: every request is answered 503 with Retry-After. */
  isDraining?: () => boolean;
  /** Serves the console's static files (`/console/assets/*`): from disk on Node, the ASSETS binding on Workers. */
  consoleAssets?: MiddlewareHandler;
}

/**
 * The bridge's HTTP app, the same on Node and Workers. Routes are thin: they map a request to a
 * flow and its result to a response; every error becomes a JSON response in `onError`, and only here.
 */
export function createApp(ctx: Ctx, options: AppOptions = {}): Hono {
  const app = new Hono();
  app.use(async function refuseWhileDraining(_c, next) {
    if (options.isDraining?.()) throw new ShuttingDownError('The bridge is shutting down; send this again shortly');
    await next();
  });
  app.route('/webhooks/jira', jiraWebhookRoute(ctx));
  app.route(`/webhooks/${ctx.tracker.kind}`, trackerWebhookRoute(ctx));
  app.route('/admin/links', adminLinksRoutes(ctx));
  app.route('/admin/deliveries', adminDeliveriesRoutes(ctx));
  app.route('/admin/jobs', adminJobsRoutes(ctx));
  app.route('/admin/setup', adminSetupRoutes(ctx));
  app.route('/admin/audit', adminAuditRoutes(ctx));
  app.route('/admin/tokens', adminTokensRoutes(ctx));
  app.route('/admin/flow', adminFlowRoutes(ctx));
  app.route('/admin/status-updates', adminStatusUpdatesRoutes(ctx));
  app.route('/admin', adminUsersRoutes(ctx));
  app.route('/health', healthRoute(ctx));
  app.route('/console', consoleRoutes(ctx, options.consoleAssets));
  app.get('/', (c) => c.redirect('/console', 302));
  // Browsers ask for it on every console page: no icon rather than a 404 in their console.
  app.get('/favicon.ico', (c) => c.body(null, 204));
  app.notFound((c) => {
    const { status, body } = toHttpError(new NotFoundError(`No route for ${c.req.method} ${c.req.path}`));
    return c.json(body, status as 404);
  });
  app.onError((err, c) => {
    const { status, body } = toHttpError(err);
    if (status >= 500 && !(err instanceof ShuttingDownError))
      ctx.log.error('request failed', { method: c.req.method, path: c.req.path, status, error: describeError(err) });
    if (err instanceof ShuttingDownError) c.header('Retry-After', String(err.retryAfterSeconds));
    return c.json(body, status as 500);
  });
  return app;
}
