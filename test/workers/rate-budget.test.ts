import { env } from 'cloudflare:test';
import { http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import created from '../../../shared/contracts/jira-webhooks/issue_created-mattermost-1.json?raw';
import started from '../../../shared/contracts/jira-webhooks/issue_updated-mattermost-1.json?raw';
import deletedBody from '../../../shared/contracts/jira-webhooks/issue_deleted-mattermost-1.json?raw';
import { CREDENTIALS, OTHER_TASK_GID, TASK_GID } from '../support/seed';
import { createWorkerHarness, type WorkerHarness } from './worker-harness';

// One budget per upstream token across every invocation of the Worker, kept by a Durable Object.
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const limits = { requestsPerMinute: 120, burst: 3, maxConcurrentReads: 5, maxConcurrentWrites: 1 };
const budget = (name: string) => env.RATE_BUDGET.get(env.RATE_BUDGET.idFromName(name));

describe('the rate budget Durable Object', () => {
  it('admits requests from any caller against one budget per name', async () => {
    const [a, b] = [budget('asana:token-1'), budget('asana:token-1')];
    const now = Date.parse('2026-12-01T10:00:00Z');
    expect(await a.admit(limits, 'write', 'w1', now, 60_000)).toEqual({ admitted: true });
    // Another caller, same token: the one write slot is taken.
    expect(await b.admit(limits, 'write', 'w2', now, 60_000)).toMatchObject({ admitted: false, reason: 'slots' });
    // Another token has a budget of its own.
    expect(await budget('asana:token-2').admit(limits, 'write', 'w3', now, 60_000)).toEqual({ admitted: true });
    await a.giveBack('w1');
    expect(await b.admit(limits, 'write', 'w2', now, 60_000)).toEqual({ admitted: true });
    // Three tokens of burst: the next request waits for the refill, (120 - 3) per minute.
    expect(await a.admit(limits, 'read', 'r1', now, 60_000)).toEqual({ admitted: true });
    expect(await b.admit(limits, 'read', 'r2', now, 60_000)).toEqual({
      admitted: false,
      reason: 'tokens',
      retryInMs: Math.ceil(60_000 / 117),
    });
  });

  it('holds every caller after a 429, until its Retry-After', async () => {
    const now = Date.parse('2026-12-01T10:00:00Z');
    const b = budget('asana:token-3');
    expect(await b.admit(limits, 'read', 'r1', now, 60_000)).toEqual({ admitted: true });
    await budget('asana:token-3').pause(now + 30_000);
    expect(await b.admit(limits, 'read', 'r2', now + 1_000, 60_000)).toEqual({
      admitted: false,
      reason: 'paused',
      retryInMs: 29_000,
    });
  });

  it('frees the slot of a caller that never gave it back, once its lease lapses', async () => {
    const now = Date.parse('2026-12-01T10:00:00Z');
    const b = budget('asana:token-4');
    expect(await b.admit(limits, 'write', 'crashed', now, 60_000)).toEqual({ admitted: true });
    expect(await b.admit(limits, 'write', 'next', now + 1_000, 60_000)).toEqual({
      admitted: false,
      reason: 'slots',
      retryInMs: 59_000,
    });
    expect(await b.admit(limits, 'write', 'next', now + 60_000, 60_000)).toEqual({ admitted: true });
  });
});

describe('two queue consumers', () => {
  let w: WorkerHarness;
  let inFlight = 0;
  let maxInFlight = 0;

  beforeEach(async () => {
    w = await createWorkerHarness(server);
    const config = JSON.parse(w.bindings.BRIDGE_CONFIG_JSON!);
    w.bindings.BRIDGE_CONFIG_JSON = JSON.stringify({ ...config, limits: { asana: limits } });
    w.fakeJira.put(JSON.parse(created).issue);
    w.fakeJira.put(JSON.parse(deletedBody).issue);
    expect((await w.admin('POST', '/links', { jiraKey: 'TES-41', taskGid: TASK_GID })).status).toBe(201);
    expect((await w.admin('POST', '/links', { jiraKey: 'IDT-19', taskGid: OTHER_TASK_GID })).status).toBe(201);
    // Asana takes a while to answer a write, so two consumers' writes would overlap.
    inFlight = maxInFlight = 0;
    server.use(
      http.put(`${CREDENTIALS.asanaBaseUrl}/tasks/:gid`, async ({ request }) => {
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        try {
          await new Promise((r) => setTimeout(r, 40));
          return await w.fakeAsana.app.fetch(request as unknown as Request);
        } finally {
          inFlight--;
        }
      }),
    );
  });

  it('share one budget: never more writes in flight than the token allows', async () => {
    const writesBefore = w.taskWrites().length;
    const moved = JSON.parse(started);
    w.fakeJira.put(moved.issue);
    const other = JSON.parse(deletedBody).issue;
    w.fakeJira.put({ ...other, fields: { ...other.fields, status: moved.issue.fields.status } });
    expect((await w.postJira(started, { 'x-atlassian-webhook-identifier': 'one' })).status).toBe(200);
    const otherBody = JSON.stringify({
      ...moved,
      issue: { ...other, fields: { ...other.fields, status: moved.issue.fields.status } },
    });
    expect((await w.postJira(otherBody, { 'x-atlassian-webhook-identifier': 'two' })).status).toBe(200);
    const [first, second] = w.deliveriesQueue.sent.splice(0);
    // Two consumer invocations at once, each with a runtime (and limiter) of its own.
    const results = await Promise.all([w.consume([first!]), w.consume([second!])]);
    expect(results.flatMap((r) => r.acked)).toHaveLength(2);
    expect(w.taskWrites().length - writesBefore).toBe(2);
    expect(maxInFlight).toBe(1);
  });
});
