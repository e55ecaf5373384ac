import { Hono } from 'hono';
import type { Ctx } from '../../flows/context';
import { receiveTrackerDelivery } from '../../flows/intake/receive-tracker-delivery';
import { limitBody } from '../middleware/require-json';

/** `POST /webhooks/<tracker>/:resource`: the tracker's handshake, or a signed delivery of its events. */
export function trackerWebhookRoute(ctx: Ctx): Hono {
  const path = `/:resource{${ctx.tracker.intake.resourcePattern}}`;
  return new Hono().post(path, limitBody(ctx.config.intake.maxBodyBytes), async (c) => {
    const result = await receiveTrackerDelivery(ctx, c.req.param('resource') ?? '', {
      rawBody: await c.req.text(),
      header: (name) => c.req.header(name),
    });
    if (!result.handshake) return c.json({ events: result.events, stored: result.stored }, 200);
    for (const [name, value] of Object.entries(result.replyHeaders)) c.header(name, value);
    return c.body(null, 200);
  });
}
