import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerTrackerWebhook } from '../../src/flows/setup/register-tracker-webhook';
import { trackerWebhookRegistrations, trackerWebhooks } from '../../src/adapters/storage/schema';
import { saveWebhookSecret, webhookSecret } from '../../src/adapters/storage/webhook-registrations-repo';
import { asanaResource, trackerEventRows } from '../support/jobs';
import { createHarness, type Harness } from '../support/harness';
import { useMsw } from '../support/msw';
import { PROJECT_GID } from '../support/seed';

// The real signed Asana delivery and its test vector (shared/contracts/SOURCES.md).
const SIGNED = readFileSync(
  fileURLToPath(new URL('../../../shared/contracts/asana/webhook_task_completed_signed.json', import.meta.url)),
  'utf8',
);
const SECRET = 'cfecd97ea57de2b55a0a1a343c16fe3e';
const SIGNATURE = '11c89fb59db2a2cfe5eef26a3d7dc77d3ad0bbdd7f23700d7aff2fe6ff8e2581';
const RESOURCE = PROJECT_GID;
const PUBLIC_URL = 'https://bridge.example.com';

const server = useMsw();
let h: Harness;
beforeEach(async () => {
  h = await createHarness(server);
});
afterEach(() => h.close());

const handshake = (secret: string, resource = RESOURCE) =>
  h.app.request(`/webhooks/asana/${resource}`, { method: 'POST', headers: { 'x-hook-secret': secret } });
const deliver = (body: string, signature: string | null, resource = RESOURCE) =>
  h.app.request(`/webhooks/asana/${resource}`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...(signature && { 'x-hook-signature': signature }) },
  });
const sign = (body: string, secret = SECRET) => createHmac('sha256', secret).update(body).digest('hex');
/** A webhook whose registration completed earlier, with the secret of the real signed delivery. */
const registered = () => saveWebhookSecret(h.db, asanaResource(RESOURCE), SECRET, h.clock.now());
const rowCounts = async () => ({
  secrets: (await h.db.select().from(trackerWebhooks)).length,
  registrations: (await h.db.select().from(trackerWebhookRegistrations)).length,
  events: (await trackerEventRows(h.db)).length,
});

describe('Asana handshake: only for a registration the bridge started', () => {
  it('accepts the handshake while its own registration request is in flight, and keeps that secret', async () => {
    const result = await registerTrackerWebhook(h.ctx, PROJECT_GID, PUBLIC_URL);
    expect(result).toMatchObject({ status: 'created', secretKnown: true });
    expect(await webhookSecret(h.db, asanaResource(RESOURCE))).toBe('secret-1');
    expect(await rowCounts()).toEqual({ secrets: 1, registrations: 0, events: 0 });
  });

  it('refuses a handshake nobody asked for, for any resource, and stores nothing', async () => {
    for (const resource of [RESOURCE, '1234567890']) {
      const res = await handshake('attacker-secret', resource);
      expect(res.status).toBe(403);
      expect(res.headers.get('x-hook-secret')).toBeNull();
      expect((await res.json()).error.code).toBe('forbidden');
    }
    expect(await rowCounts()).toEqual({ secrets: 0, registrations: 0, events: 0 });
  });

  it('never lets a handshake replace a working secret: not after a registration, not during a rerun that finds the webhook', async () => {
    await registerTrackerWebhook(h.ctx, PROJECT_GID, PUBLIC_URL);
    expect((await handshake('forged-secret')).status).toBe(403);
    const rerun = await registerTrackerWebhook(h.ctx, PROJECT_GID, PUBLIC_URL);
    expect(rerun.status).toBe('exists');
    expect((await handshake('forged-secret')).status).toBe(403);
    expect(await webhookSecret(h.db, asanaResource(RESOURCE))).toBe('secret-1');
  });

  it('a forged handshake racing the registration wins nothing: Asana fails, the old secret stays', async () => {
    await registered();
    h.beforeNextHandshake(async (path) =>
      expect((await h.app.request(path, { method: 'POST', headers: { 'x-hook-secret': 'forged' } })).status).toBe(200),
    );
    await expect(registerTrackerWebhook(h.ctx, PROJECT_GID, PUBLIC_URL)).rejects.toThrow(/handshake/);
    expect(await webhookSecret(h.db, asanaResource(RESOURCE))).toBe(SECRET);
    expect(await rowCounts()).toEqual({ secrets: 1, registrations: 0, events: 0 });
  });

  it('replaces the webhook and its secret only when the admin asks to (replace)', async () => {
    await registerTrackerWebhook(h.ctx, PROJECT_GID, PUBLIC_URL);
    const replaced = await registerTrackerWebhook(h.ctx, PROJECT_GID, PUBLIC_URL, { replace: true });
    expect(replaced.status).toBe('replaced');
    expect(h.fakeAsana.webhooks()).toHaveLength(1);
    expect(await webhookSecret(h.db, asanaResource(RESOURCE))).toBe('secret-2');
  });

  it('registers only the project the config names, at an https URL', async () => {
    await expect(registerTrackerWebhook(h.ctx, '1234567890', PUBLIC_URL)).rejects.toThrow(/not the tracker project/);
    await expect(registerTrackerWebhook(h.ctx, PROJECT_GID, 'http://bridge.example.com')).rejects.toThrow(/https/);
    expect(h.fakeAsana.webhooks()).toEqual([]);
  });
});

describe('Asana deliveries', () => {
  it('verifies the real signed delivery and stores its task events once', async () => {
    await registered();
    const first = await deliver(SIGNED, SIGNATURE);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ events: 2, stored: 2 });
    const again = await deliver(SIGNED, SIGNATURE);
    expect(await again.json()).toEqual({ events: 2, stored: 0 });
    const rows = await trackerEventRows(h.db);
    expect(rows.map((r) => [r.taskId, r.action, r.field, r.userId, r.status])).toEqual([
      ['1199170056173519', 'changed', 'completed', '1198829643564474', 'pending'],
      ['1199170056173519', 'changed', 'completed_at', '1198829643564474', 'pending'],
    ]);
  });

  it('refuses a missing or wrong signature, a body changed after signing, an empty body, and unknown resources, writing nothing', async () => {
    await registered();
    expect((await deliver(SIGNED, null)).status).toBe(401);
    expect((await deliver(SIGNED, SIGNATURE.replace(/.$/, '0'))).status).toBe(401);
    expect((await deliver(SIGNED.replace('completed_at', 'completed_on'), SIGNATURE)).status).toBe(401);
    expect((await deliver(SIGNED, SIGNATURE, '999')).status).toBe(401);
    expect((await deliver('', SIGNATURE)).status).toBe(401);
    expect((await deliver('not json', sign('not json'))).status).toBe(400);
    expect(await rowCounts()).toEqual({ secrets: 1, registrations: 0, events: 0 });
  });

  it('answers heartbeats', async () => {
    await registered();
    const heartbeat = '{"events":[]}';
    expect(await (await deliver(heartbeat, sign(heartbeat))).json()).toEqual({ events: 0, stored: 0 });
  });

  it('caps the events of one delivery: over the cap nothing is stored (413); at the cap all are, at once', async () => {
    await registered();
    const event = (n: number) => ({
      action: 'changed',
      created_at: `2026-12-01T10:00:00.${String(n).padStart(3, '0')}Z`,
      user: { gid: '1' },
      resource: { gid: String(1300000000000000 + n), resource_type: 'task' },
      change: { field: 'custom_fields' },
    });
    const body = (n: number) => JSON.stringify({ events: Array.from({ length: n }, (_, i) => event(i)) });
    const tooMany = await deliver(body(501), sign(body(501)));
    expect(tooMany.status).toBe(413);
    expect((await tooMany.json()).error.message).toMatch(/at most 500 events/);
    expect((await rowCounts()).events).toBe(0);
    const full = await deliver(body(500), sign(body(500)));
    expect(await full.json()).toEqual({ events: 500, stored: 500 });
    expect(h.notifiedTrackerEvents).toHaveLength(500);
  });
});
