import { createExecutionContext, createScheduledController, env } from 'cloudflare:test';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import created from '../../../shared/contracts/jira-webhooks/issue_created-mattermost-1.json?raw';
import { CREDENTIALS, TASK_GID } from '../support/seed';
import { createWorkerHarness, type WorkerHarness } from './worker-harness';

// The web console in workerd: sessions signed with a key kept in D1, pages from D1, the rate
// budgets from the Durable Object, the script and stylesheet from the ASSETS binding.
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

let w: WorkerHarness;
let cookie = '';
beforeEach(async () => {
  await env.DB.exec("DELETE FROM audit_log; DELETE FROM sync_state WHERE key = 'console-session-key';");
  w = await createWorkerHarness(server);
  w.fakeJira.put(JSON.parse(created).issue);
  cookie = '';
});

const page = (path: string, init: RequestInit = {}) =>
  w.fetch(path, { ...init, headers: { cookie, 'sec-fetch-site': 'same-origin', ...(init.headers as object) } });
const form = (path: string, fields: Record<string, string>) =>
  page(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
const csrfOf = (html: string) => /name="csrf" value="([0-9a-f]{64})"/.exec(html)![1]!;

async function signIn() {
  const res = await form('/console/login', { token: CREDENTIALS.adminToken });
  expect(res.status).toBe(303);
  cookie = res.headers.get('set-cookie')!.split(';')[0]!;
}

describe('the console on Workers', () => {
  it('signs in, and shows a synced request on the dashboard and its timeline', async () => {
    expect((await page('/console')).status).toBe(303);
    await signIn();
    expect((await w.admin('POST', '/links', { jiraKey: 'TES-41', taskGid: TASK_GID })).status).toBe(201);
    await w.consume(); // the sync
    await w.worker.scheduled(createScheduledController(), w.bindings, createExecutionContext());
    await w.consume(); // the catch-up of the request's flow (the Cron trigger stored it)
    const dashboard = await page('/console');
    expect(dashboard.status).toBe(200);
    expect(dashboard.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await dashboard.text()).toMatch(/<strong>1<\/strong> requests/);
    const timeline = await (await page('/console/requests/TES-41')).text();
    expect(timeline).toContain('Delivery status: none → Planned');
    expect(timeline).toContain('linked');
  });

  it('shows the rate budgets the Durable Object keeps, and replays a dead letter with the CSRF token', async () => {
    await signIn();
    expect((await w.admin('POST', '/links', { jiraKey: 'TES-41', taskGid: TASK_GID })).status).toBe(201);
    await w.consume();
    await env.DB.exec(
      "UPDATE jobs SET status = 'failed', last_error = 'Jira issue read failed: HTTP 503' WHERE kind = 'jira-delivery'",
    );
    const ops = await (await page('/console/ops')).text();
    expect(ops).toMatch(/<th scope="row">jira<\/th>/);
    expect(ops).toContain('Jira issue read failed: HTTP 503');
    const id = /id="job-(\d+)"/.exec(ops)![1]!;
    expect((await form(`/console/jobs/${id}/replay`, {})).status).toBe(403);
    expect((await form(`/console/jobs/${id}/replay`, { csrf: csrfOf(ops) })).status).toBe(303);
    expect(await env.DB.prepare('SELECT status FROM jobs WHERE id = ?').bind(Number(id)).first('status')).toBe(
      'pending',
    );
  });

  it('serves the console script and stylesheet from the assets', async () => {
    const script = await env.ASSETS.fetch('https://bridge.test/console/assets/console.js');
    expect(script.status).toBe(200);
    expect(await script.text()).toContain('data-chart');
    const viaWorker = await w.fetch('/console/assets/console.css');
    expect(viaWorker.status).toBe(200);
    expect(viaWorker.headers.get('content-type')).toMatch(/^text\/css/);
  });
});
