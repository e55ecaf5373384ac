import { Hono } from 'hono';
import { NotFoundError, ShuttingDownError } from '../platform/errors/app-errors';
import { toHttpError } from '../platform/errors/to-http';
import { describeError } from '../platform/log/logger';
import type { AppDeps } from './app-deps';
import { adminDeliveriesRoutes } from './routes/admin-deliveries';
import { asanaWebhookRoute } from './routes/asana-webhook';
import { adminLinksRoutes } from './routes/admin-links';
import { adminSetupRoutes } from './routes/admin-setup';
import { adminUsersRoutes } from './routes/admin-users';
import { healthRoute } from './routes/health';
import { jiraWebhookRoute } from './routes/jira-webhook';

/**
 * The bridge's HTTP app, the same on Node and Workers. Routes are thin: they verify, parse
 * and hand off; every error becomes a JSON response in `onError`, and only here.
 */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  app.use(async function refuseWhileDraining(_c, next) {
    if (deps.isDraining?.()) throw new ShuttingDownError('The bridge is shutting down; send this again shortly');
    await next();
  });
  app.route('/webhooks/jira', jiraWebhookRoute(deps));
  app.route('/webhooks/asana', asanaWebhookRoute(deps));
  app.route('/admin/links', adminLinksRoutes(deps));
  app.route('/admin/deliveries', adminDeliveriesRoutes(deps));
  app.route('/admin/setup', adminSetupRoutes(deps, { JIRA_WEBHOOK_SECRET: deps.security.jiraWebhookSecret }));
  app.route('/admin', adminUsersRoutes(deps));
  app.route('/health', healthRoute(deps));
  app.notFound((c) => {
    const { status, body } = toHttpError(new NotFoundError(`No route for ${c.req.method} ${c.req.path}`));
    return c.json(body, status as 404);
  });
  app.onError((err, c) => {
    const { status, body } = toHttpError(err);
    if (status >= 500 && !(err instanceof ShuttingDownError)) deps.logger.error('request failed', { method: c.req.method, path: c.req.path, status, error: describeError(err) });
    if (err instanceof ShuttingDownError) c.header('Retry-After', String(err.retryAfterSeconds));
    return c.json(body, status as 500);
  });
  return app;
}
