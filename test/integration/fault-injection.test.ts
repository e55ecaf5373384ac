import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jobBacklog } from '../../src/adapters/storage/jobs-admin-repo';
import { JIRA_DELIVERY } from '../../src/flows/jobs/delivery-job';
import { listNotices } from '../../src/adapters/storage/notices-repo';
import type { Harness } from '../support/harness';
import { storyFamily } from '../support/story-issues';
import { useMsw } from '../support/msw';

const server = useMsw();
const { taskOf, linkedHarness } = storyFamily(50);
let h: Harness;
const ISSUES = 5;
const MIN = 60_000;
const errorResponse =
  (status: number, headers: Record<string, string> = {}) =>
  () =>
    new Response(JSON.stringify({ errors: [{ message: 'Try again later' }] }), {
      status,
      headers: { 'content-type': 'application/json', ...headers },
    });
/** An answer that never comes: the request ends when the bridge's own timeout aborts it. */
const slowResponse = (request: Request) =>
  new Promise<Response>((_resolve, reject) => {
    timedOut++;
    request.signal.addEventListener('abort', () => reject(request.signal.reason), { once: true });
  });
let timedOut = 0;

beforeEach(async () => {
  h = await linkedHarness(server, ISSUES);
});
afterEach(async () => {
  expect(h.specViolations).toEqual([]);
  await h.close();
});

describe('Asana answers 429, 500 and timeouts for a stretch, then recovers', () => {
  it('lands every update exactly once and posts no extra comment', async () => {
    const put = /\/tasks\/\d+$/;
    const comment = /\/stories$/;
    h.fakeAsana.faults.push(
      { method: 'PUT', path: put, times: 3, respond: errorResponse(429, { 'retry-after': '30' }) },
      { method: 'PUT', path: put, times: 3, respond: errorResponse(500) },
      { method: 'PUT', path: put, times: 3, respond: slowResponse },
      { method: 'POST', path: comment, times: 2, respond: errorResponse(429, { 'retry-after': '5' }) },
      { method: 'POST', path: comment, times: 1, respond: errorResponse(503) },
      { method: 'POST', path: comment, times: 1, respond: slowResponse },
    );
    for (let n = 1; n <= ISSUES; n++) {
      h.clock.advance(1_000);
      const body = h.fakeJira.change(`ABC-${n}`, h.clock.now(), { displayName: 'Dev', accountId: 'x' }, [], (f) => {
        f.status = { name: 'In Progress', statusCategory: { key: 'indeterminate' } };
        f.assignee = { displayName: `Engineer ${n}` };
      });
      expect((await h.postJira(body)).status).toBe(200);
    }
    for (let round = 0; round < 12; round++) {
      await h.drain();
      await h.sendNotices();
      h.clock.advance(5 * MIN);
    }
    expect(h.fakeAsana.faults.every((f) => f.times === 0)).toBe(true); // every fault was hit
    expect(timedOut).toBe(4); // the bridge gave up on every answer that never came
    expect(await jobBacklog(h.db, JIRA_DELIVERY)).toMatchObject({ pending: 0, failed: 0 });
    for (let n = 1; n <= ISSUES; n++) {
      expect(h.fakeAsana.displayValues(taskOf(n))).toMatchObject({
        'Delivery status': 'In development',
        Engineer: `Engineer ${n}`,
      });
      expect(h.fakeAsana.comments(taskOf(n))).toHaveLength(1);
    }
    expect((await listNotices(h.db)).map((n) => n.status)).toEqual(Array(ISSUES).fill('sent'));
  });
});
