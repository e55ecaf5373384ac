import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pendingHandshakeKey } from '../../src/commit/tracker-webhook';
import { trackerEvents } from '../../src/storage/schema';
import { writeState } from '../../src/storage/sync-state-repo';
import { webhookSecret } from '../../src/storage/tracker-events-repo';
import { createHarness, type Harness } from '../support/harness';
import { useMsw } from '../support/msw';

// The real signed Asana delivery and its test vector (shared/contracts/SOURCES.md).
const SIGNED = readFileSync(fileURLToPath(new URL('../../../shared/contracts/asana/webhook_task_completed_signed.json', import.meta.url)), 'utf8');
const SECRET = 'cfecd97ea57de2b55a0a1a343c16fe3e';
const SIGNATURE = '11c89fb59db2a2cfe5eef26a3d7dc77d3ad0bbdd7f23700d7aff2fe6ff8e2581';
const RESOURCE = '1200000000000001';

const server = useMsw();
let h: Harness;
beforeEach(async () => {
  h = await createHarness(server);
});
afterEach(() => h.close());

const handshake = (secret: string, resource = RESOURCE) => h.app.request(`/webhooks/asana/${resource}`, { method: 'POST', headers: { 'x-hook-secret': secret } });
const deliver = (body: string, signature: string | null, resource = RESOURCE) =>
  h.app.request(`/webhooks/asana/${resource}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...(signature && { 'x-hook-signature': signature }) } });

describe('Asana webhook intake', () => {
  it('completes the handshake by echoing X-Hook-Secret and keeping it', async () => {
    const res = await handshake(SECRET);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-hook-secret')).toBe(SECRET);
    expect(await webhookSecret(h.db, RESOURCE)).toBe(SECRET);
  });

  it('verifies the real signed delivery and stores its task events once', async () => {
    await handshake(SECRET);
    const first = await deliver(SIGNED, SIGNATURE);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ events: 2, stored: 2 });
    const again = await deliver(SIGNED, SIGNATURE);
    expect(await again.json()).toEqual({ events: 2, stored: 0 });
    const rows = await h.db.select().from(trackerEvents);
    expect(rows.map((r) => [r.taskId, r.action, r.field, r.userId, r.status])).toEqual([
      ['1199170056173519', 'changed', 'completed', '1198829643564474', 'pending'],
      ['1199170056173519', 'changed', 'completed_at', '1198829643564474', 'pending'],
    ]);
  });

  it('refuses a missing or wrong signature, a body changed after signing, and unknown resources', async () => {
    await handshake(SECRET);
    expect((await deliver(SIGNED, null)).status).toBe(401);
    expect((await deliver(SIGNED, SIGNATURE.replace(/.$/, '0'))).status).toBe(401);
    expect((await deliver(SIGNED.replace('completed_at', 'completed_on'), SIGNATURE)).status).toBe(401);
    expect((await deliver(SIGNED, SIGNATURE, '999')).status).toBe(401);
    expect(await h.db.select().from(trackerEvents)).toEqual([]);
  });

  it('answers heartbeats', async () => {
    await handshake(SECRET);
    const heartbeat = '{"events":[]}';
    const res = await deliver(heartbeat, createHmac('sha256', SECRET).update(heartbeat).digest('hex'));
    expect(await res.json()).toEqual({ events: 0, stored: 0 });
  });

  it('refuses a handshake that would replace a secret, unless the admin is registering', async () => {
    await handshake(SECRET);
    expect((await handshake('forged-secret')).status).toBe(401);
    expect(await webhookSecret(h.db, RESOURCE)).toBe(SECRET);
    await writeState(h.db, pendingHandshakeKey(RESOURCE), String(h.clock.now()), h.clock.now());
    expect((await handshake('new-secret')).status).toBe(200);
    expect(await webhookSecret(h.db, RESOURCE)).toBe('new-secret');
  });
});
