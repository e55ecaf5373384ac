import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/runtime/trackers';
import { createHarness, type Harness } from '../support/harness';
import { deliveryRows } from '../support/jobs';
import { useMsw } from '../support/msw';
import { CREDENTIALS, OTHER_TASK_GID, RAW_TEST_CONFIG, TASK_GID } from '../support/seed';
import { STATUSES } from '../support/story-issues';
import { jiraFixture } from '../support/jira-fixtures';

// A burst of deliveries for one issue costs one Jira read and one tracker write (sync.debounce),
// and every delivery is still acknowledged at once.
const server = useMsw();
let h: Harness;
const debounce = { quietMs: 1_000, maxDelayMs: 5_000 };

beforeEach(async () => {
  h = await createHarness(server, { config: parseConfig({ ...RAW_TEST_CONFIG, sync: { debounce } }) });
  h.fakeJira.put(jiraFixture('issue_created-mattermost-1.json').issue);
  expect((await h.admin('POST', '', { jiraKey: 'TES-41', taskGid: TASK_GID })).status).toBe(201);
});
afterEach(async () => {
  expect(h.specViolations).toEqual([]);
  await h.close();
});

const reads = () => h.fakeJira.requests.filter((r) => r.method === 'GET' && r.path.includes('/issue/')).length;
const writes = () => h.taskWrites().length;
const statuses = Object.values(STATUSES);

async function change(n: number) {
  const body = h.fakeJira.change('TES-41', h.clock.now(), { displayName: 'Dev', accountId: 'dev' }, [], (f) => {
    f.status = statuses[n % statuses.length];
  });
  const res = await h.postJira(body, { 'x-atlassian-webhook-identifier': `burst-${n}` });
  expect(res.status).toBe(200); // acknowledged at once, whatever the debounce
}

describe('a burst of deliveries for one issue', () => {
  it('is synced once, after it has been quiet for quietMs', async () => {
    const [readsBefore, writesBefore] = [reads(), writes()];
    for (let n = 1; n <= 30; n++) {
      await change(n);
      h.clock.advance(30); // 30 deliveries in 0.9 s
      expect(await h.drain()).toBe(0); // still arriving: nothing runs
    }
    h.clock.advance(debounce.quietMs - 30 - 1);
    expect(await h.drain()).toBe(0); // 1 ms before the burst has been quiet for a second
    h.clock.advance(1);
    expect(await h.drain()).toBe(1);
    expect(reads() - readsBefore).toBe(1);
    expect(writes() - writesBefore).toBe(1);
    const rows = (await deliveryRows(h.db)).filter((d) => d.deliveryKey.startsWith('jira:burst-'));
    expect(rows.map((r) => r.status)).toEqual(Array(30).fill('done'));
    expect(h.logs.filter((l) => l.msg === 'delivery processed' && l.coalescedWith === 29)).toHaveLength(30);
  });

  it('is synced no later than maxDelayMs after its first delivery, however long it goes on', async () => {
    const first = h.clock.now();
    let synced: number | undefined;
    for (let n = 1; n <= 20 && synced === undefined; n++) {
      await change(n);
      h.clock.advance(500); // never quiet for a second
      if ((await h.drain()) > 0) synced = h.clock.now();
    }
    expect(synced).toBeDefined();
    expect(synced! - first).toBeGreaterThanOrEqual(debounce.maxDelayMs);
    expect(synced! - first).toBeLessThan(debounce.maxDelayMs + 500);
  });

  it("holds only its own issue: another issue's delivery is synced on its own schedule", async () => {
    h.fakeJira.put(jiraFixture('issue_deleted-mattermost-1.json').issue);
    expect((await h.admin('POST', '', { jiraKey: 'IDT-19', taskGid: OTHER_TASK_GID })).status).toBe(201);
    await change(1);
    h.clock.advance(debounce.quietMs / 2);
    const other = h.fakeJira.change('IDT-19', h.clock.now(), { displayName: 'Dev', accountId: 'dev' }, [], (f) => {
      f.status = STATUSES.Done;
    });
    expect((await h.postJira(other, { 'x-atlassian-webhook-identifier': 'other-1' })).status).toBe(200);
    h.clock.advance(debounce.quietMs / 2);
    await change(2); // TES-41's burst goes on...
    h.clock.advance(debounce.quietMs / 2);
    expect(await h.drain()).toBe(1); // ...while IDT-19, quiet for a second, is synced
    expect(h.taskWrites().at(-1)?.task).toBe(OTHER_TASK_GID);
    h.clock.advance(debounce.quietMs / 2);
    expect(await h.drain()).toBe(1); // and TES-41 once its burst is over
    expect(h.taskWrites().at(-1)?.task).toBe(TASK_GID);
  });

  it('arriving all at once (32 senders) is acknowledged each, a copy as a duplicate, carried by its newest and synced once', async () => {
    const [readsBefore, writesBefore] = [reads(), writes()];
    const body = h.fakeJira.change('TES-41', h.clock.now(), { displayName: 'Dev', accountId: 'dev' }, [], (f) => {
      f.status = STATUSES.Done;
    });
    // Jira retries a delivery it thinks lost: the copy arrives together with the original.
    const ids = [...Array.from({ length: 31 }, (_, n) => `together-${n}`), 'together-0'];
    const answers = await Promise.all(
      ids.map(async (id) => (await h.postJira(body, { 'x-atlassian-webhook-identifier': id })).json()),
    );
    expect(answers.map((a) => (a as { status: string }).status).sort()).toEqual([
      ...Array(31).fill('accepted'),
      'duplicate',
    ]);
    const rows = (await deliveryRows(h.db)).filter((d) => d.deliveryKey.startsWith('jira:together-'));
    expect(rows).toHaveLength(31);
    // The newest carries the burst: each of the others runs with a later one, down to it.
    const listed = await h.app.request('/admin/jobs?kind=jira-delivery&status=pending&limit=100', {
      headers: { authorization: `Bearer ${CREDENTIALS.adminToken}` },
    });
    const jobs = (await listed.json()) as {
      jobs: Array<{ id: number; runsWith: number | null; nextAttemptAt: string | null }>;
    };
    const carrier = jobs.jobs.filter((j) => j.runsWith === null);
    expect(carrier).toHaveLength(1);
    expect(carrier[0]!.nextAttemptAt).not.toBeNull();
    const byId = new Map(jobs.jobs.map((j) => [j.id, j]));
    const carriedBy = (j: (typeof jobs.jobs)[number]): number =>
      j.runsWith === null ? j.id : carriedBy(byId.get(j.runsWith)!);
    const carried = jobs.jobs.filter((j) => j.runsWith !== null);
    expect(carried.map((j) => [carriedBy(j), j.nextAttemptAt])).toEqual(Array(30).fill([carrier[0]!.id, null]));

    h.clock.advance(debounce.quietMs);
    expect(await h.drain()).toBe(1);
    expect([reads() - readsBefore, writes() - writesBefore]).toEqual([1, 1]);
    expect(
      (await deliveryRows(h.db)).filter((d) => d.deliveryKey.startsWith('jira:together-')).map((r) => r.status),
    ).toEqual(Array(31).fill('done'));
  });
});
