import { Hono } from 'hono';
import type { Ctx } from '../../flows/context';
import { receiveJiraDelivery } from '../../flows/intake/receive-jira-delivery';
import { limitBody, requireJson } from '../middleware/require-json';

/** `POST /webhooks/jira`: a Jira delivery, stored before the 200 (202 for one the bridge ignores). */
export function jiraWebhookRoute(ctx: Ctx): Hono {
  return new Hono().post('/', requireJson(), limitBody(ctx.config.intake.maxBodyBytes), async (c) => {
    const result = await receiveJiraDelivery(ctx, {
      rawBody: await c.req.text(),
      header: (name) => c.req.header(name),
    });
    return 'ignored' in result ? c.json(result, 202) : c.json(result, 200);
  });
}
