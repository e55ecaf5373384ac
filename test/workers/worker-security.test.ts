import { env } from 'cloudflare:test';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GID, OUTSIDE_TASK_GID, PROJECT_GID, TASK_GID } from '../support/seed';
import { createWorkerHarness, hmacHex, type WorkerHarness } from './worker-harness';

// Issue 10's holes, closed in workerd too: nobody without a secret changes anything.
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

let w: WorkerHarness;
beforeEach(async () => {
  w = await createWorkerHarness(server);
});

const count = async (table: string) =>
  (await env.DB.prepare(`SELECT count(*) AS n FROM ${table}`).first<{ n: number }>())?.n ?? -1;
const handshake = (secret: string, resource = PROJECT_GID) =>
  w.fetch(`/webhooks/asana/${resource}`, { method: 'POST', headers: { 'x-hook-secret': secret } });
const asanaDelivery = async (body: string, secret = 'secret-1') =>
  w.fetch(`/webhooks/asana/${PROJECT_GID}`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', 'x-hook-signature': await hmacHex(secret, body) },
  });
const register = () =>
  w.admin('POST', '/setup/webhooks/tracker', { projectGid: PROJECT_GID, publicUrl: 'https://bridge.test' });

describe('the Asana handshake on Workers', () => {
  it('is refused (403) unless the bridge is registering, and stores nothing', async () => {
    for (const resource of [PROJECT_GID, '999']) expect((await handshake('attacker', resource)).status).toBe(403);
    expect(await count('tracker_webhooks')).toBe(0);
    expect(await count('tracker_webhook_registrations')).toBe(0);
  });

  it('is accepted during the registration only; afterwards nobody can replace the secret', async () => {
    expect((await register()).status).toBe(200);
    expect(await env.DB.prepare('SELECT secret FROM tracker_webhooks').first('secret')).toBe('secret-1');
    expect((await handshake('forged')).status).toBe(403);
    expect((await register()).status).toBe(200); // a rerun finds the webhook: no window
    expect((await handshake('forged')).status).toBe(403);
    expect(await env.DB.prepare('SELECT secret FROM tracker_webhooks').first('secret')).toBe('secret-1');
  });
});

describe('bad or unauthenticated input on Workers', () => {
  it('answers an empty body with a signature header with 401, not 500, on both webhook routes', async () => {
    const jira = await w.fetch('/webhooks/jira', {
      method: 'POST',
      body: '',
      headers: { 'content-type': 'application/json', 'x-hub-signature': `sha256=${'0'.repeat(64)}` },
    });
    expect(jira.status).toBe(401);
    const asana = await w.fetch(`/webhooks/asana/${PROJECT_GID}`, {
      method: 'POST',
      body: '',
      headers: { 'content-type': 'application/json', 'x-hook-signature': '0'.repeat(64) },
    });
    expect(asana.status).toBe(401);
    expect(await count('jobs')).toBe(0);
  });

  it('refuses a delivery over the events cap whole (413), and stores a full one in one statement', async () => {
    await register();
    const event = (n: number) => ({
      action: 'changed',
      created_at: '2026-12-01T10:00:00.000Z',
      user: { gid: '1' },
      resource: { gid: String(1300000000001000 + n), resource_type: 'task' },
      change: { field: 'custom_fields' },
    });
    const body = (n: number) => JSON.stringify({ events: Array.from({ length: n }, (_, i) => event(i)) });
    expect((await asanaDelivery(body(501))).status).toBe(413);
    expect(await count('jobs')).toBe(0);
    const statementsBefore = w.d1.statements;
    expect(await (await asanaDelivery(body(500))).json()).toEqual({ events: 500, stored: 500 });
    expect(w.d1.statements - statementsBefore).toBeLessThanOrEqual(3);
    expect(await count('jobs')).toBe(500);
  });

  it('takes only https public URLs (http for loopback only)', async () => {
    for (const publicUrl of ['javascript:alert(1)', 'ftp://bridge.test', 'file:///etc/passwd', 'http://bridge.test']) {
      const res = await w.admin('POST', '/setup/webhooks/jira', { publicUrl });
      expect(res.status, publicUrl).toBe(400);
    }
    expect(w.fakeJira.webhooks()).toEqual([]);
  });

  it('does nothing for a signed event about a task outside the tracker project', async () => {
    const config = JSON.parse(w.bindings.BRIDGE_CONFIG_JSON!);
    w.bindings.BRIDGE_CONFIG_JSON = JSON.stringify({
      ...config,
      commit: {
        enabled: true,
        trigger: { kind: 'added-to-project' },
        targets: { default: { project: 'ABC', issueType: 'Story' } },
      },
    });
    await register();
    w.fakeAsana.setValue(TASK_GID, GID.stage, GID.committed);
    const body = JSON.stringify({
      events: [
        {
          user: { gid: '1500000000000777' },
          created_at: '2026-12-01T10:00:00.000Z',
          action: 'added',
          resource: { gid: OUTSIDE_TASK_GID, resource_type: 'task' },
          parent: { gid: PROJECT_GID, resource_type: 'project' },
        },
      ],
    });
    expect((await asanaDelivery(body)).status).toBe(200);
    expect((await w.consume()).acked).toHaveLength(1);
    expect(w.fakeJira.created()).toEqual([]);
    expect(await env.DB.prepare("SELECT outcome FROM jobs WHERE kind = 'tracker-event'").first('outcome')).toBe(
      'outside-project',
    );
  });
});
