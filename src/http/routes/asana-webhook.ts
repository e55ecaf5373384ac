import { Hono } from 'hono';
import { BadRequestError, ForbiddenError, PayloadTooLargeError, UnauthorizedError } from '../../platform/errors/app-errors';
import { recordTrackerEvents, webhookSecret, type NewTrackerEvent } from '../../adapters/storage/tracker-events-repo';
import { acceptHandshake } from '../../adapters/storage/webhook-registrations-repo';
import { asanaWebhookSchema, type AsanaEvent } from '../../adapters/tracker/asana/webhook-schema';
import { verifyAsanaSignature } from '../../adapters/tracker/asana/webhook-signature';
import type { AppDeps } from '../app-deps';
import { limitBody } from '../middleware/require-json';
import { parseJsonBody } from '../parse-json';

/**
 * `POST /webhooks/asana/:resource`: Asana's handshake, accepted only for the configured project
 * while the bridge's own registration request is in flight; then signed deliveries: verified,
 * heartbeats answered, task events stored in one statement (deduplicated) before the 200 and
 * processed afterwards. Nothing is written for a request that fails any check.
 */
export function asanaWebhookRoute(deps: AppDeps): Hono {
  const { db, clock, logger, config } = deps;
  return new Hono().post('/:resource{[0-9]+}', limitBody(config.intake.maxBodyBytes), async (c) => {
    const resource = c.req.param('resource');
    const handshake = c.req.header('x-hook-secret');
    if (handshake !== undefined) {
      if (resource !== config.tracker.projectGid) throw new ForbiddenError(`Resource ${resource} is not the tracker project of this bridge`);
      if (!/^[\x21-\x7e]{1,512}$/.test(handshake)) throw new BadRequestError('X-Hook-Secret must be 1-512 visible ASCII characters');
      if (!(await acceptHandshake(db, resource, handshake, clock.now()))) {
        logger.warn('asana handshake refused', { resource, reason: 'no registration in progress' });
        throw new ForbiddenError(`No webhook registration for ${resource} is in progress; a handshake is accepted only while asana-webhook register runs`);
      }
      logger.info('asana webhook handshake', { resource });
      c.header('X-Hook-Secret', handshake);
      return c.body(null, 200);
    }

    const raw = await c.req.text();
    const secret = resource === config.tracker.projectGid ? await webhookSecret(db, resource) : null;
    if (!secret || !(await verifyAsanaSignature(secret, raw, c.req.header('x-hook-signature')))) {
      logger.warn('asana delivery rejected', { resource, reason: secret ? 'bad signature' : 'no webhook for this resource' });
      throw new UnauthorizedError('Missing or invalid X-Hook-Signature');
    }
    const body = parseJsonBody(raw, asanaWebhookSchema, 'Asana webhook body');
    const cap = config.intake.maxTrackerEventsPerDelivery;
    if (body.events.length > cap) {
      throw new PayloadTooLargeError(`A delivery may carry at most ${cap} events (intake.maxTrackerEventsPerDelivery); this one has ${body.events.length}`, { limitEvents: cap });
    }
    const tasks = body.events.filter((e) => e.resource.resource_type === 'task');
    const ids = await recordTrackerEvents(db, await Promise.all(tasks.map(toTrackerEvent)), clock.now());
    await Promise.all(ids.map((id) => deps.scheduler.notifyTrackerEvent(id)));
    logger.info(body.events.length ? 'asana delivery stored' : 'asana heartbeat', { resource, events: body.events.length, stored: ids.length });
    return c.json({ events: body.events.length, stored: ids.length }, 200);
  });
}

async function toTrackerEvent(event: AsanaEvent): Promise<NewTrackerEvent> {
  const eventKey = await sha256(JSON.stringify([event.resource.gid, event.action, event.created_at, event.change?.field, event.user?.gid, event.parent?.gid]));
  return { eventKey, taskId: event.resource.gid, action: event.action, field: event.change?.field ?? null, userId: event.user?.gid ?? null };
}

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
