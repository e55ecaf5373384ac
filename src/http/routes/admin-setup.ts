import { Hono } from 'hono';
import { z } from 'zod';
import { registerJiraWebhook } from '../../flows/setup/register-jira-webhook';
import { registerTrackerWebhook } from '../../flows/setup/register-tracker-webhook';
import { publicUrlSchema } from '../../platform/config/public-url';
import { NotConfiguredError } from '../../platform/errors/app-errors';
import { autoLinkScan } from '../../flows/links/auto-link';
import type { AppDeps } from '../app-deps';
import { adminAuth } from '../middleware/admin-auth';
import { limitBody, requireJson } from '../middleware/require-json';
import { parseJsonBody } from '../parse-json';

/**
 * The one-time setup as an admin API, so it works where there is no CLI (Workers):
 * registering the tracker and Jira webhooks, and linking existing work by its remote links.
 */
export function adminSetupRoutes(deps: AppDeps, env: { JIRA_WEBHOOK_SECRET: string | undefined }): Hono {
  const sync = () => {
    if (!deps.sync) throw new NotConfiguredError(`Set ${deps.missingSettings.join(', ')} first`);
    return deps.sync;
  };
  return new Hono()
    .use(adminAuth(deps.security.adminToken))
    .post('/webhooks/tracker', requireJson(), limitBody(16 * 1024), async (c) => {
      const schema = z.object({ projectGid: z.string().regex(/^\d+$/, 'must be a numeric project gid'), publicUrl: publicUrlSchema, replace: z.boolean().default(false) }).strict();
      const input = parseJsonBody(await c.req.text(), schema, 'registration');
      return c.json(await registerTrackerWebhook(sync(), input.projectGid, input.publicUrl, { replace: input.replace }));
    })
    .post('/webhooks/jira', requireJson(), limitBody(16 * 1024), async (c) => {
      const input = parseJsonBody(await c.req.text(), z.object({ publicUrl: publicUrlSchema }).strict(), 'registration');
      return c.json(await registerJiraWebhook(sync(), env, input.publicUrl));
    })
    .post('/links/auto', async (c) => c.json(await autoLinkScan(sync(), { dryRun: c.req.query('dryRun') === 'true' })));
}
