import { createExecutionContext, createScheduledController, env, SELF } from 'cloudflare:test';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import created from '../../../shared/contracts/jira-webhooks/issue_created-mattermost-1.json?raw';
import started from '../../../shared/contracts/jira-webhooks/issue_updated-mattermost-1.json?raw';
import resolved from '../../../shared/contracts/jira-webhooks/issue_updated-mattermost-2.json?raw';
import assigned from '../../../shared/contracts/jira-webhooks/issue_updated-mattermost-3.json?raw';
import comment from '../../../shared/contracts/jira-webhooks/comment_created-mattermost-1.json?raw';
import deleted from '../../../shared/contracts/jira-webhooks/issue_deleted-mattermost-1.json?raw';
import { GID, OTHER_TASK_GID, PROJECT_GID, TASK_GID, TES_41_INITIAL_WRITE } from '../support/seed';
import { createWorkerHarness, hmacHex, type WorkerHarness } from './worker-harness';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

let w: WorkerHarness;
const issueOf = (raw: string) => JSON.parse(raw).issue;

beforeEach(async () => {
  w = await createWorkerHarness(server);
  w.fakeJira.put(issueOf(created));
  expect((await w.admin('POST', '/links', { jiraKey: 'TES-41', taskGid: TASK_GID })).status).toBe(201);
});

async function deliver(raw: string, id: string) {
  w.fakeJira.put(issueOf(raw));
  const res = await w.postJira(raw, { 'x-atlassian-webhook-identifier': id });
  expect(res.status).toBe(200);
  return w.consume();
}

describe('the Worker in workerd', () => {
  it('plans and checks the tracker setup in workerd (a project with every field needs nothing)', async () => {
    const res = await w.admin('POST', '/setup/fields?dryRun=true');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ steps: [], problems: [], projects: [{ mappings: ['default'] }] });
  });

  it('syncs the real Jira bodies into exact Asana writes, acking each message', async () => {
    expect(w.taskWrites()).toEqual([TES_41_INITIAL_WRITE]);
    const result = await deliver(started, 'w-1');
    expect(result).toEqual({ outcome: 'ok', acked: ['m1'], retries: [] });
    await deliver(resolved, 'w-2');
    await deliver(assigned, 'w-3');
    expect(w.taskWrites().slice(1)).toEqual([
      { [GID.status]: GID.inDevelopment },
      { [GID.status]: GID.shipped, [GID.resolution]: 'Done' },
      { [GID.status]: GID.planned, [GID.engineer]: 'Test User', [GID.resolution]: null },
    ]);
  });

  it('enqueues a delivery once and applies a redelivery once', async () => {
    w.fakeJira.put(issueOf(started));
    await w.postJira(started, { 'x-atlassian-webhook-identifier': 'same' });
    const again = await w.postJira(started, { 'x-atlassian-webhook-identifier': 'same' });
    expect(await again.json()).toEqual({ status: 'duplicate', deliveryId: 'jira:same' });
    expect(w.deliveriesQueue.sent).toHaveLength(1);
  });

  it('never moves a field back when deliveries arrive newest first', async () => {
    w.fakeJira.put(issueOf(resolved));
    await w.postJira(resolved, { 'x-atlassian-webhook-identifier': 'new' });
    await w.postJira(started, { 'x-atlassian-webhook-identifier': 'old' });
    const result = await w.consume();
    expect(result.acked).toHaveLength(2);
    expect(w.taskWrites().slice(1)).toEqual([{ [GID.status]: GID.shipped, [GID.resolution]: 'Done' }]);
    expect(w.fakeAsana.displayValues(TASK_GID)['Delivery status']).toBe('Shipped');
  });

  it('never races two consumers of one issue into a backwards write', async () => {
    w.fakeJira.put(issueOf(resolved));
    await w.postJira(started, { 'x-atlassian-webhook-identifier': 'a' });
    await w.postJira(resolved, { 'x-atlassian-webhook-identifier': 'b' });
    const [a, b] = w.deliveriesQueue.sent.splice(0);
    const results = await Promise.all([w.consume([a!]), w.consume([b!])]);
    // Both read Jira's newest state; whichever lost the race found its row claimed or the
    // issue locked, and was put back on the queue for later instead of syncing alongside.
    for (const retried of results.flatMap((r) => r.retries)) expect(retried.delaySeconds).toBeGreaterThanOrEqual(1);
    expect(results.flatMap((r) => [...r.acked, ...r.retries.map((x) => x.msgId)])).toHaveLength(2);
    expect(w.fakeAsana.displayValues(TASK_GID)['Delivery status']).toBe('Shipped');
    expect(w.taskWrites().slice(1)).toEqual([{ [GID.status]: GID.shipped, [GID.resolution]: 'Done' }]);
  });

  it('marks a deleted issue and sets the configured status', async () => {
    w.fakeJira.put(issueOf(deleted));
    expect((await w.admin('POST', '/links', { jiraKey: 'IDT-19', taskGid: OTHER_TASK_GID })).status).toBe(201);
    w.fakeJira.remove('IDT-19');
    await w.postJira(deleted);
    await w.consume();
    expect(w.taskWrites().at(-1)).toEqual({ [GID.status]: GID.cancelled });
  });
});

describe('a burst on Workers', () => {
  it('costs one Jira read and one Asana write, once the issue has been quiet (sync.debounce)', async () => {
    const config = JSON.parse(w.bindings.BRIDGE_CONFIG_JSON!);
    w.bindings.BRIDGE_CONFIG_JSON = JSON.stringify({
      ...config,
      sync: { debounce: { quietMs: 1_000, maxDelayMs: 5_000 } },
    });
    w.fakeJira.put(issueOf(started));
    const readsBefore = w.fakeJira.requests.filter((r) => r.path.startsWith('/rest/api/3/issue/')).length;
    const writesBefore = w.taskWrites().length;
    for (let n = 1; n <= 30; n++) {
      expect((await w.postJira(started, { 'x-atlassian-webhook-identifier': `burst-${n}` })).status).toBe(200);
      w.clock.advance(30);
    }
    const messages = w.deliveriesQueue.sent.splice(0);
    expect(messages).toHaveLength(30);
    // Each message is delayed until its delivery is due: 1 s after it, on the Worker's clock.
    expect(w.deliveriesQueue.delays.slice(-30)).toEqual(Array(30).fill(1));
    const early = await w.consume(messages);
    // The last delivery carries the burst: the others' messages are done with; its own comes
    // back once the burst has been quiet for a second.
    expect(early.acked).toHaveLength(29);
    expect(early.retries).toEqual([{ msgId: 'm30', delaySeconds: 1 }]);
    w.clock.advance(1_000);
    const settled = await w.consume(messages.slice(-1));
    expect(settled.acked).toHaveLength(1);
    const states = await env.DB.prepare(
      "SELECT status, COUNT(*) AS n FROM jobs WHERE key LIKE 'jira:burst-%' GROUP BY status",
    ).all();
    expect(states.results).toEqual([{ status: 'done', n: 30 }]);
    expect(w.fakeJira.requests.filter((r) => r.path.startsWith('/rest/api/3/issue/')).length - readsBefore).toBe(1);
    expect(w.taskWrites().length - writesBefore).toBe(1);
  });
});

describe('notices on Workers', () => {
  it('schedules a held notice on the queue with the quiet window as its delay, and retries it while not due', async () => {
    const result = await deliver(started, 'n-1');
    expect(result.acked).toEqual(['m1']);
    const [job] = w.deliveriesQueue.sent.splice(0);
    expect(job).toEqual({ jobId: expect.any(Number) });
    expect(await env.DB.prepare('SELECT kind FROM jobs WHERE id = ?').bind(job!.jobId).first('kind')).toBe('notice');
    // On the Worker's injected clock the delay is exact: the 3-minute quiet window.
    expect(w.deliveriesQueue.delays.at(-1)).toBe(180);
    w.clock.advance(30_000);
    const early = await w.consume([job!]);
    expect(early.retries).toEqual([{ msgId: expect.any(String), delaySeconds: 150 }]);
    expect(w.fakeAsana.comments(TASK_GID)).toEqual([]);
  });

  it('posts an urgent notice at once through the queue, exactly once', async () => {
    const config = JSON.parse(w.bindings.BRIDGE_CONFIG_JSON!);
    w.bindings.BRIDGE_CONFIG_JSON = JSON.stringify({
      ...config,
      notifications: { urgent: { 'Delivery status': ['Shipped'] } },
    });
    await deliver(resolved, 'n-2');
    const [job] = w.deliveriesQueue.sent.splice(0);
    expect(w.deliveriesQueue.delays.at(-1)).toBe(0);
    expect((await w.consume([job!])).acked).toHaveLength(1);
    expect((await w.consume([job!])).acked).toHaveLength(1); // a duplicate message changes nothing
    expect(w.fakeAsana.comments(TASK_GID).map((c) => c.text)).toEqual([
      expect.stringMatching(
        /^@Test User @Sam Stakeholder @Deploy bot Checkout redesign moved from Planned to Shipped \(TES-41, changed in Jira by Test User\)/,
      ),
    ]);
  });
});

describe('committing a request on Workers', () => {
  it('completes the Asana handshake, verifies the delivery and creates the Jira issue through the queue', async () => {
    const config = JSON.parse(w.bindings.BRIDGE_CONFIG_JSON!);
    w.bindings.BRIDGE_CONFIG_JSON = JSON.stringify({
      ...config,
      commit: {
        enabled: true,
        trigger: { kind: 'field', field: 'Stage', value: 'Committed' },
        targets: { default: { project: 'ABC', issueType: 'Story' } },
      },
    });
    await env.DB.exec(
      "DELETE FROM links; DELETE FROM tracker_webhooks; DELETE FROM jobs WHERE kind = 'tracker-event'; DELETE FROM commits;",
    );
    // The admin registers the webhook; Asana's handshake reaches the Worker while that request is open.
    const registered = await w.admin('POST', '/setup/webhooks/tracker', {
      projectGid: PROJECT_GID,
      publicUrl: 'https://bridge.test',
    });
    expect(await registered.json()).toMatchObject({ status: 'created', secretKnown: true });
    w.fakeAsana.setValue(TASK_GID, GID.stage, GID.committed);
    const body = JSON.stringify({
      events: [
        {
          user: { gid: '1500000000000777' },
          created_at: '2026-11-22T10:00:00.000Z',
          action: 'changed',
          resource: { gid: TASK_GID, resource_type: 'task' },
          change: { field: 'custom_fields' },
        },
      ],
    });
    const signature = await hmacHex('secret-1', body);
    const res = await w.fetch(`/webhooks/asana/${PROJECT_GID}`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'x-hook-signature': signature },
    });
    expect(await res.json()).toEqual({ events: 1, stored: 1 });
    expect(w.deliveriesQueue.sent).toEqual([{ jobId: expect.any(Number) }]);
    expect(
      await env.DB.prepare('SELECT kind FROM jobs WHERE id = ?').bind(w.deliveriesQueue.sent[0]!.jobId).first('kind'),
    ).toBe('tracker-event');
    expect((await w.consume()).acked).toHaveLength(1);
    // The commit queued the issue's first sync as a job of its own.
    expect((await w.consume()).acked).toHaveLength(1);
    expect(w.fakeJira.created().map((i) => i.key)).toEqual(['ABC-1']);
    expect(w.fakeAsana.comments(TASK_GID).map((c) => c.text)).toEqual(['Committed as ABC-1']);
    expect(w.fakeAsana.displayValues(TASK_GID)['Jira issue']).toBe('ABC-1 https://jira.test/browse/ABC-1');
  });
});

describe('the comment relay on Workers', () => {
  it('relays a Jira comment to the task through the queue, once', async () => {
    const config = JSON.parse(w.bindings.BRIDGE_CONFIG_JSON!);
    w.bindings.BRIDGE_CONFIG_JSON = JSON.stringify({
      ...config,
      comments: { toTracker: { keywords: ['#stakeholders'] } },
    });
    const added = w.fakeJira.addComment(
      'TES-41',
      { accountId: 'eng-1', displayName: 'Test User' },
      'On staging #stakeholders',
    );
    const body = JSON.parse(comment);
    body.comment.id = added.id;
    for (const attempt of [1, 2]) {
      const res = await w.postJira(JSON.stringify(body), { 'x-atlassian-webhook-identifier': `wc-${attempt}` });
      expect(res.status).toBe(200);
      expect((await w.consume()).acked).toHaveLength(1);
    }
    expect(w.fakeAsana.comments(TASK_GID).map((c) => c.text)).toEqual([
      'Test User commented on TES-41 in Jira:\nOn staging #stakeholders',
    ]);
  });
});

describe('queue retries and dead letters', () => {
  it('retries with the delay Asana asked for (429 Retry-After)', async () => {
    w.fakeAsana.faults.push({
      method: 'PUT',
      path: /\/tasks\//,
      times: 1,
      respond: () => new Response('{}', { status: 429, headers: { 'retry-after': '120' } }),
    });
    const result = await deliver(started, 'w-429');
    expect(result.acked).toEqual([]);
    expect(result.retries).toEqual([{ msgId: expect.any(String), delaySeconds: 120 }]);
    const [row] = (
      await (await w.admin('GET', '/deliveries?status=pending')).json<{ deliveries: Array<{ lastError: string }> }>()
    ).deliveries;
    expect(row?.lastError).toContain('HTTP 429');
  });

  it('dead-letters a delivery that cannot succeed, and keeps it visible to the admin API', async () => {
    w.fakeAsana.faults.push({
      method: 'PUT',
      path: /\/tasks\//,
      times: 1,
      respond: () => new Response(JSON.stringify({ errors: [{ message: 'Forbidden' }] }), { status: 403 }),
    });
    const result = await deliver(started, 'w-403');
    expect(result.acked).toHaveLength(1);
    expect(w.deadLetters.sent).toEqual([
      {
        jobId: expect.any(Number),
        kind: 'jira-delivery',
        key: 'jira:w-403',
        error: expect.stringContaining('HTTP 403'),
      },
    ]);
    const listed = await (await w.admin('GET', '/deliveries?status=failed')).json<{ deliveries: unknown[] }>();
    expect(listed.deliveries).toEqual([
      expect.objectContaining({
        deliveryId: 'jira:w-403',
        status: 'failed',
        lastError: expect.stringContaining('Forbidden'),
      }),
    ]);
  });
});

describe('intake in workerd', () => {
  it('refuses a forged signature, bad JSON, a bad schema, a wrong content type and an oversized body', async () => {
    const forged = await w.fetch('/webhooks/jira', {
      method: 'POST',
      body: started,
      headers: { 'content-type': 'application/json', 'x-hub-signature': `sha256=${'0'.repeat(64)}` },
    });
    expect(forged.status).toBe(401);
    expect((await w.postJira('{"timestamp":')).status).toBe(400);
    const schema = await w.postJira(JSON.stringify({ timestamp: 'x', webhookEvent: 'jira:issue_updated' }));
    expect(await schema.json()).toMatchObject({
      error: { code: 'invalid_body', problems: [expect.stringMatching(/^timestamp: /)] },
    });
    expect(
      (await w.fetch('/webhooks/jira', { method: 'POST', body: 'x', headers: { 'content-type': 'text/plain' } }))
        .status,
    ).toBe(415);
    expect((await w.postJira(JSON.stringify({ pad: 'x'.repeat(1024 * 1024 + 1) }))).status).toBe(413);
    expect((await w.postJira(comment)).status).toBe(202);
    expect(w.deliveriesQueue.sent).toEqual([]);
  });
});

describe('a bad config', () => {
  it('fails each request with the same messages as on Node, naming each path', async () => {
    const res = await w.worker.fetch(
      new Request('https://bridge.test/health') as Request<unknown, IncomingRequestCfProperties>,
      {
        ...w.bindings,
        BRIDGE_CONFIG_JSON: JSON.stringify({
          scope: { projects: ['abc'] },
          tracker: { kind: 'asana', projectGid: '1' },
        }),
      },
      createExecutionContext(),
    );
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({
      error: {
        code: 'invalid_config',
        message: expect.stringMatching(
          /^Invalid configuration in BRIDGE_CONFIG_JSON:\n {2}- scope\.projects\.0: must be a Jira project key/,
        ),
        problems: [expect.stringMatching(/^scope\.projects\.0: /), expect.stringMatching(/^fields: /)],
      },
    });
  });
});

describe('figures', () => {
  it('counts the D1 statements of one webhook delivery, from intake to applied', async () => {
    w.fakeJira.put(issueOf(started));
    const before = { ...w.d1 };
    await w.postJira(started, { 'x-atlassian-webhook-identifier': 'count' });
    const intake = w.d1.statements - before.statements;
    const intakeRows = [w.d1.rowsRead - before.rowsRead, w.d1.rowsWritten - before.rowsWritten];
    await w.consume();
    const total = w.d1.statements - before.statements;
    const totalRows = [w.d1.rowsRead - before.rowsRead, w.d1.rowsWritten - before.rowsWritten];
    console.log(
      `D1 per delivery: intake ${intake} statements, ${intakeRows[0]} rows read, ${intakeRows[1]} written; ` +
        `intake to applied ${total} statements, ${totalRows[0]} rows read, ${totalRows[1]} written`,
    );
    // Rows read stay a handful per statement: every lookup is by an index, whatever the table holds;
    // the audit trigger also reads each of the 9 mapped fields of the recorded write once.
    expect(totalRows[0]).toBeGreaterThan(0);
    expect(totalRows[0]).toBeLessThanOrEqual(4 * total + 9);
    // Intake: the insert. Applying: claim, claim siblings, read link, lock, last notice sent,
    // open notice, hold notice, schedule the notice's job, record pending write, record result, settle.
    expect(intake).toBe(1);
    expect(total).toBe(12);
  });

  it('reads no more D1 rows per delivery with 10,000 finished and 1,000 waiting jobs in the table', async () => {
    const measure = async (id: string) => {
      const before = { ...w.d1 };
      await w.postJira(started, { 'x-atlassian-webhook-identifier': id });
      await w.consume();
      return [w.d1.statements - before.statements, w.d1.rowsRead - before.rowsRead];
    };
    w.fakeJira.put(issueOf(started));
    // The first syncs write the fields and hold a notice; from then on, each delivery costs the same.
    await measure('warm-up-1');
    await measure('warm-up-2');
    const empty = await measure('small');
    await env.DB.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 11000)
       INSERT INTO jobs (kind, key, group_key, payload, status, run_at, created_at)
       SELECT 'jira-delivery', 'jira:filler-' || i, CAST(20000 + i % 500 AS TEXT), '{}',
         CASE WHEN i <= 10000 THEN 'done' ELSE 'pending' END, ?1 + 3600000, ?1 FROM n`,
    )
      .bind(w.clock.now())
      .run();
    const full = await measure('large');
    console.log(
      `D1 per delivery (statements, rows read): empty table ${empty.join(', ')}; 11,000 jobs ${full.join(', ')}`,
    );
    expect(full).toEqual(empty);
  });
});

describe('the real bindings', () => {
  it('serves /health through wrangler.toml', async () => {
    const res = await SELF.fetch('https://bridge.test/health');
    expect(await res.json()).toMatchObject({ status: 'ok', database: 'ok', sync: { state: 'running' } });
  });

  it('on the cron trigger, reconciles with Jira and re-enqueues a delivery whose message was lost', async () => {
    await env.DB.prepare(
      `INSERT INTO jobs (kind, key, group_key, payload, run_at, created_at) VALUES ('jira-delivery', 'jira:lost', '10099',
        json_object('source', 'jira', 'event', 'jira:issue_updated', 'issueId', '10099', 'issueKey', 'TES-99', 'eventAt', 0, 'actor', NULL, 'actorId', NULL), 0, 0)`,
    ).run();
    // (A lost delivery of an issue that reconciliation re-enqueues is carried by that job instead.)
    // Jira moved on and its webhook never arrived.
    const moved = issueOf(started);
    w.fakeJira.put({ ...moved, fields: { ...moved.fields, updated: new Date().toISOString().replace('Z', '+0000') } });
    await w.worker.scheduled(createScheduledController(), w.bindings, createExecutionContext());
    expect(w.fakeJira.requests.filter((r) => r.path === '/rest/api/3/search/jql')).toHaveLength(1);
    const kinds = await Promise.all(
      w.deliveriesQueue.sent.map(async (message) => {
        const row = await env.DB.prepare(
          "SELECT kind, json_extract(payload, '$.source') AS source FROM jobs WHERE id = ?",
        )
          .bind(message.jobId)
          .first<{ kind: string; source: string | null }>();
        return row?.source ?? row?.kind;
      }),
    );
    // The re-enqueued delivery and reconciliation's; and the day's flow refresh, with a catch-up
    // for the linked request whose flow was never computed (the dashboard's).
    expect(kinds.sort()).toEqual(['flow-catch-up', 'flow-refresh', 'jira', 'reconcile']);
    await w.consume();
    expect(w.fakeAsana.displayValues(TASK_GID)['Delivery status']).toBe('In development');
  });
});
