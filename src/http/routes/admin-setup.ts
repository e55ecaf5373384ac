import { Hono } from 'hono';
import { z } from 'zod';
import { requireCredentials, type Ctx } from '../../flows/context';
import { autoLinkScan } from '../../flows/links/auto-link';
import { registerJiraWebhook } from '../../flows/setup/register-jira-webhook';
import { setupFields } from '../../flows/setup/setup-fields';
import { registerTrackerWebhook } from '../../flows/setup/register-tracker-webhook';
import { publicUrlSchema } from '../../platform/config/public-url';
import { parseJsonBody, validateBody } from '../../platform/validation/parse-json';
import { adminAuth } from '../middleware/admin-auth';
import { limitBody, requireJson } from '../middleware/require-json';

/**
 * The one-time setup as an admin API, so it works where there is no CLI (Workers):
 * registering the tracker and Jira webhooks, giving the tracker project the fields the config
 * writes, and linking existing work by its remote links.
 */
/** `?dryRun=true|false`: anything else is a 400, never taken for a real run. */
const dryRunQuery = z.object({ dryRun: z.enum(['true', 'false']).optional() }).strict();
const dryRunOf = (query: Record<string, string>) => validateBody(query, dryRunQuery, 'query').dryRun === 'true';
/** `?dryRun=true|false&mapping=<name>`: the mapping must be one of the config's. */
const fieldsQuery = (names: readonly string[]) =>
  dryRunQuery.extend({
    mapping: z
      .string()
      .refine((n) => names.includes(n), `must name a mapping of the config (${names.join(', ')})`)
      .optional(),
  });

export function adminSetupRoutes(ctx: Ctx): Hono {
  const trackerSchema = z
    .object({ projectGid: ctx.tracker.ids.project, publicUrl: publicUrlSchema, replace: z.boolean().default(false) })
    .strict();
  return new Hono()
    .use(adminAuth(ctx))
    .post('/webhooks/tracker', requireJson(), limitBody(16 * 1024), async (c) => {
      const input = parseJsonBody(await c.req.text(), trackerSchema, 'registration');
      requireCredentials(ctx, 'Registering the tracker webhook');
      return c.json(await registerTrackerWebhook(ctx, input.projectGid, input.publicUrl, { replace: input.replace }));
    })
    .post('/webhooks/jira', requireJson(), limitBody(16 * 1024), async (c) => {
      const input = parseJsonBody(
        await c.req.text(),
        z.object({ publicUrl: publicUrlSchema }).strict(),
        'registration',
      );
      requireCredentials(ctx, 'Registering the Jira webhook');
      return c.json(
        await registerJiraWebhook(ctx, { JIRA_WEBHOOK_SECRET: ctx.secrets.jiraWebhookSecret }, input.publicUrl),
      );
    })
    .post('/fields', async (c) => {
      requireCredentials(ctx, 'Setting up the tracker fields');
      const query = validateBody(c.req.query(), fieldsQuery(ctx.mappingNames), 'query');
      return c.json(await setupFields(ctx, { dryRun: query.dryRun === 'true', mapping: query.mapping }));
    })
    .post('/links/auto', async (c) => {
      requireCredentials(ctx, 'Linking by remote links');
      return c.json(await autoLinkScan(ctx, { dryRun: dryRunOf(c.req.query()) }));
    });
}
