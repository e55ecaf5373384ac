import { Hono } from 'hono';
import { HANDSHAKE_WINDOW_MS, pendingHandshakeKey } from '../../commit/tracker-webhook';
import { UnauthorizedError } from '../../errors/app-errors';
import { readState, writeState } from '../../storage/sync-state-repo';
import { recordTrackerEvent, saveWebhookSecret, webhookSecret } from '../../storage/tracker-events-repo';
import { asanaWebhookSchema } from '../../tracker/asana/webhook-schema';
import { verifyAsanaSignature } from '../../tracker/asana/webhook-signature';
import type { AppDeps } from '../app-deps';
import { limitBody } from '../middleware/require-json';
import { parseJsonBody } from '../parse-json';


/**
 * `POST /webhooks/asana/:resource`: Asana's handshake (the `X-Hook-Secret` is stored and echoed),
 * then signed deliveries: verified, heartbeats answered, task events stored (deduplicated) before
 * the 200 and processed afterwards.
 */
export function asanaWebhookRoute(deps: AppDeps): Hono {
  const { db, clock, logger } = deps;
  return new Hono().post('/:resource{[0-9]+}', limitBody(deps.config.intake.maxBodyBytes), async (c) => {
    const resource = c.req.param('resource');
    const handshake = c.req.header('x-hook-secret');
    if (handshake) {
      // A handshake may only set a secret for a new resource, or while the admin registers one:
      // anyone else could otherwise replace the secret and forge deliveries.
      const pendingSince = Number((await readState(db, pendingHandshakeKey(resource))) ?? 0);
      const known = await webhookSecret(db, resource);
      if (known && clock.now() - pendingSince > HANDSHAKE_WINDOW_MS) throw new UnauthorizedError(`Unexpected handshake for ${resource}: run asana-webhook register to replace its webhook`);
      await saveWebhookSecret(db, resource, handshake, clock.now());
      await writeState(db, pendingHandshakeKey(resource), '0', clock.now());
      logger.info('asana webhook handshake', { resource });
      c.header('X-Hook-Secret', handshake);
      return c.body(null, 200);
    }

    const raw = await c.req.text();
    const secret = await webhookSecret(db, resource);
    if (!secret || !(await verifyAsanaSignature(secret, raw, c.req.header('x-hook-signature')))) {
      logger.warn('asana delivery rejected', { resource, reason: secret ? 'bad signature' : 'no webhook for this resource' });
      throw new UnauthorizedError('Missing or invalid X-Hook-Signature');
    }
    const body = parseJsonBody(raw, asanaWebhookSchema, 'Asana webhook body');
    let stored = 0;
    for (const event of body.events) {
      if (event.resource.resource_type !== 'task') continue;
      const eventKey = await sha256(JSON.stringify([event.resource.gid, event.action, event.created_at, event.change?.field, event.user?.gid, event.parent?.gid]));
      const row = await recordTrackerEvent(
        db,
        { eventKey, taskId: event.resource.gid, action: event.action, field: event.change?.field ?? null, userId: event.user?.gid ?? null },
        clock.now(),
      );
      if (row) {
        stored++;
        await deps.scheduler.notifyTrackerEvent(row.id);
      }
    }
    logger.info(body.events.length ? 'asana delivery stored' : 'asana heartbeat', { resource, events: body.events.length, stored });
    return c.json({ events: body.events.length, stored }, 200);
  });
}

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
