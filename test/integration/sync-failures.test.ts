import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/runtime/trackers';
import { lockLinkForSync } from '../../src/adapters/storage/links-repo';
import { links } from '../../src/adapters/storage/schema';
import { deliveryRows } from '../support/jobs';
import { createHarness, type Harness } from '../support/harness';
import { jiraFixture, jiraFixtureRaw } from '../support/jira-fixtures';
import { useMsw } from '../support/msw';
import { CREDENTIALS, GID, RAW_TEST_CONFIG, TASK_GID } from '../support/seed';

const server = useMsw();
let h: Harness;

const asanaError =
  (status: number, headers: Record<string, string> = {}) =>
  () =>
    new Response(JSON.stringify({ errors: [{ message: 'Server Error' }] }), {
      status,
      headers: { 'content-type': 'application/json', ...headers },
    });

async function linkThenStart() {
  h.fakeJira.put(jiraFixture('issue_created-mattermost-1.json').issue);
  expect((await h.admin('POST', '', { jiraKey: 'TES-41', taskGid: TASK_GID })).status).toBe(201);
  h.fakeJira.put(jiraFixture('issue_updated-mattermost-1.json').issue);
  expect(
    (await h.postJira(jiraFixtureRaw('issue_updated-mattermost-1.json'), { 'x-atlassian-webhook-identifier': 'd1' }))
      .status,
  ).toBe(200);
}

const row = async () => (await deliveryRows(h.db)).find((d) => d.deliveryKey === 'jira:d1')!;

beforeEach(async () => {
  h = await createHarness(server);
});
afterEach(async () => {
  expect(h.specViolations).toEqual([]);
  await h.close();
});

describe('when Asana fails', () => {
  it('retries a short outage in place, and the update lands once', async () => {
    await linkThenStart();
    h.fakeAsana.faults.push({ method: 'PUT', path: /\/tasks\//, times: 2, respond: asanaError(503) });
    await h.drain();
    expect(await row()).toMatchObject({ status: 'done', outcome: 'updated', attempts: 1 });
    expect(h.fakeAsana.displayValues(TASK_GID)['Delivery status']).toBe('In development');
  });

  it('puts the delivery back with backoff during a longer outage, then applies it', async () => {
    await linkThenStart();
    h.fakeAsana.faults.push({ method: 'PUT', path: /\/tasks\//, times: 3, respond: asanaError(500) });
    await h.drain();
    const deferred = await row();
    expect(deferred).toMatchObject({ status: 'pending', attempts: 1, lastError: expect.stringContaining('HTTP 500') });
    expect(deferred.nextAttemptAt - h.clock.now()).toBe(5_000);
    expect(await h.drain()).toBe(0); // not due yet
    h.clock.advance(5_000);
    await h.drain();
    expect(await row()).toMatchObject({ status: 'done', attempts: 2 });
    // Three PUTs refused by the outage, then one applied; nothing after it.
    expect(
      h
        .taskWrites()
        .slice(1)
        .map((w) => w.custom_fields),
    ).toEqual(Array(4).fill({ [GID.status]: GID.inDevelopment }));
    expect(h.fakeAsana.displayValues(TASK_GID)['Delivery status']).toBe('In development');
  });

  it('waits as long as a 429 Retry-After says, without holding the worker', async () => {
    await linkThenStart();
    h.fakeAsana.faults.push({
      method: 'PUT',
      path: /\/tasks\//,
      times: 1,
      respond: asanaError(429, { 'retry-after': '120' }),
    });
    await h.drain();
    const deferred = await row();
    expect(deferred.status).toBe('pending');
    expect(deferred.nextAttemptAt - h.clock.now()).toBe(120_000);
    h.clock.advance(120_000);
    await h.drain();
    expect((await row()).status).toBe('done');
  });

  it('parks a delivery as failed after the configured attempts, visible in /health', async () => {
    await h.close();
    h = await createHarness(server, {
      config: parseConfig({ ...RAW_TEST_CONFIG, sync: { ...RAW_TEST_CONFIG.sync, maxAttempts: 2 } }),
    });
    await linkThenStart();
    h.fakeAsana.faults.push({ method: 'PUT', path: /\/tasks\//, times: 100, respond: asanaError(502) });
    await h.drain();
    h.clock.advance(60_000);
    await h.drain();
    expect(await row()).toMatchObject({
      status: 'failed',
      attempts: 2,
      lastError: expect.stringContaining('HTTP 502'),
    });
    expect((await (await h.app.request('/health')).json()).backlog).toMatchObject({ pending: 0, failed: 1 });
    const listed = await h.app.request('/admin/deliveries?status=failed', {
      headers: { authorization: `Bearer ${CREDENTIALS.adminToken}` },
    });
    expect((await listed.json()).deliveries).toEqual([
      expect.objectContaining({
        deliveryId: 'jira:d1',
        issueKey: 'TES-41',
        status: 'failed',
        attempts: 2,
        lastError: expect.stringContaining('HTTP 502'),
      }),
    ]);
    expect(
      (
        await h.app.request('/admin/deliveries?status=lost', {
          headers: { authorization: `Bearer ${CREDENTIALS.adminToken}` },
        })
      ).status,
    ).toBe(400);
    expect((await h.app.request('/admin/deliveries')).status).toBe(401);
    expect(h.logs).toContainEqual(
      expect.objectContaining({ level: 'error', msg: 'delivery failed', deliveryId: 'jira:d1' }),
    );

    // Asana recovers; the admin replays the dead letter and it lands.
    h.fakeAsana.faults.length = 0;
    const auth = { authorization: `Bearer ${CREDENTIALS.adminToken}` };
    const { id } = await row();
    const replayed = await h.app.request(`/admin/deliveries/${id}/replay`, { method: 'POST', headers: auth });
    expect(await replayed.json()).toEqual({ replayed: [id] });
    expect(h.notified).toContain(id);
    await h.drain();
    expect(await row()).toMatchObject({ status: 'done', outcome: 'updated', attempts: 1 });
    expect(h.fakeAsana.displayValues(TASK_GID)['Delivery status']).toBe('In development');
    expect((await h.app.request(`/admin/deliveries/${id}/replay`, { method: 'POST', headers: auth })).status).toBe(404);
    expect((await h.app.request(`/admin/deliveries/${id}`, { method: 'DELETE', headers: auth })).status).toBe(404);
  });

  it('lets an admin discard a dead letter, or replay them all', async () => {
    await linkThenStart();
    h.fakeAsana.faults.push({ method: 'PUT', path: /\/tasks\//, times: 1, respond: asanaError(403) });
    await h.drain();
    const auth = { authorization: `Bearer ${CREDENTIALS.adminToken}` };
    const { id } = await row();
    expect(
      (await (await h.app.request('/admin/deliveries/replay-failed', { method: 'POST', headers: auth })).json())
        .replayed,
    ).toEqual([id]);
    h.fakeAsana.faults.push({ method: 'PUT', path: /\/tasks\//, times: 1, respond: asanaError(403) });
    await h.drain();
    expect((await row()).status).toBe('failed');
    expect(await (await h.app.request(`/admin/deliveries/${id}`, { method: 'DELETE', headers: auth })).json()).toEqual({
      discarded: id,
    });
    expect((await deliveryRows(h.db)).filter((d) => d.id === id)).toEqual([]);
  });

  it('fails at once, naming the problem, when the config names an option Asana lacks', async () => {
    await h.close();
    const fields = {
      ...RAW_TEST_CONFIG.fields,
      status: {
        ...RAW_TEST_CONFIG.fields.status,
        map: { ...RAW_TEST_CONFIG.fields.status.map, 'In Progress': 'Cooking' },
      },
    };
    h = await createHarness(server, { config: parseConfig({ ...RAW_TEST_CONFIG, fields }) });
    await linkThenStart();
    await h.drain();
    expect(await row()).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: expect.stringContaining('field "Delivery status": option "Cooking" does not exist'),
    });
  });
});

describe('when another worker is syncing the same issue', () => {
  it('waits for it instead of syncing alongside it', async () => {
    await linkThenStart();
    const [link] = await h.db.select().from(links);
    expect(await lockLinkForSync(h.db, link!.id, h.clock.now(), 60_000)).toBe(true);
    const writesBefore = h.taskWrites().length;
    await h.drain();
    expect(await row()).toMatchObject({
      status: 'pending',
      lastError: expect.stringContaining('being synced by another worker'),
    });
    expect(h.taskWrites()).toHaveLength(writesBefore);
    h.clock.advance(60_001); // the other worker's lease ran out (it died)
    await h.drain();
    expect(await row()).toMatchObject({ status: 'done', outcome: 'updated' });
    expect((await h.db.select().from(links))[0]?.syncLockedUntil).toBeNull();
  });
});

describe('when the tracker changes under the bridge', () => {
  it('re-resolves a recreated enum option once and writes the new gid', async () => {
    await linkThenStart();
    h.fakeAsana.recreateOption(GID.status, 'In development', '1110000000000099');
    await h.drain();
    expect(await row()).toMatchObject({ status: 'done', outcome: 'updated' });
    const puts = h.taskWrites().slice(1);
    expect(puts.map((p) => p.custom_fields)).toEqual([
      { [GID.status]: GID.inDevelopment },
      { [GID.status]: '1110000000000099' },
    ]);
    expect(h.fakeAsana.displayValues(TASK_GID)['Delivery status']).toBe('In development');
  });
});

describe('when Jira fails', () => {
  it('retries a throttled read after Retry-After and then syncs', async () => {
    await linkThenStart();
    h.fakeJira.faults.push({
      method: 'GET',
      path: /\/issue\//,
      times: 1,
      respond: () => new Response('{}', { status: 429, headers: { 'retry-after': '0' } }),
    });
    const readsBefore = h.fakeJira.requests.filter((r) => r.method === 'GET' && r.path.includes('/issue/')).length;
    await h.drain();
    expect(h.fakeJira.faults.every((f) => f.times === 0)).toBe(true); // the 429 was served
    // The throttled read and its retry in place, within the same attempt.
    expect(
      h.fakeJira.requests.filter((r) => r.method === 'GET' && r.path.includes('/issue/')).length - readsBefore,
    ).toBe(2);
    expect(await row()).toMatchObject({ status: 'done', outcome: 'updated', attempts: 1 });
  });

  it('waits as long as Jira says before reading again', async () => {
    await linkThenStart();
    h.fakeJira.faults.push({
      method: 'GET',
      path: /\/issue\//,
      times: 1,
      respond: () => new Response('{}', { status: 429, headers: { 'retry-after': '30' } }),
    });
    const throttledAt = h.clock.now();
    await h.drain();
    expect(await row()).toMatchObject({ status: 'pending', lastError: expect.stringContaining('HTTP 429') });
    expect((await row()).nextAttemptAt - throttledAt).toBe(30_000);
    h.clock.advance(30_000);
    const readsBefore = h.fakeJira.requests.length;
    await h.drain();
    expect(await row()).toMatchObject({ status: 'done', outcome: 'updated' });
    expect(h.fakeJira.requests.length - readsBefore).toBe(1); // one read, after the wait
  });

  it('settles a delivery whose issue is gone without touching the task', async () => {
    await linkThenStart();
    h.fakeJira.remove('TES-41');
    await h.drain();
    expect(await row()).toMatchObject({ status: 'done', outcome: 'issue-not-found' });
    expect(h.taskWrites()).toHaveLength(1);
  });
});
