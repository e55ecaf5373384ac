import axios from 'axios';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createJiraClient } from '../../src/adapters/jira/jira-client';
import { UpstreamError } from '../../src/platform/errors/app-errors';
import { TestClock } from '../support/test-clock';

// In the Worker, jira.js sends through the fetch stand-in for axios (src/runtime/workers/stubs/axios.ts,
// wrangler.toml [alias]): requests as jira.js builds them, and failures as jira-errors.ts reads them.
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const BASE = 'https://jira.stub.test';
const clock = new TestClock(Date.parse('2026-12-02T12:00:00Z'));
const jira = (timeoutMs = 2_000) =>
  createJiraClient({
    baseUrl: BASE,
    email: 'bridge@example.com',
    apiToken: 'token',
    clock,
    timeoutMs,
    requestId: () => 'job-7',
    retry: { retries: 0, minTimeoutMs: 1, maxTimeoutMs: 1, maxInlineWaitMs: 0 },
  });

describe('jira.js on the axios stand-in', () => {
  it('is the stand-in here (the Worker bundle has no axios)', () => {
    expect('interceptors' in axios).toBe(false);
  });

  it('sends basic auth, the request id, the query and a JSON body, and parses the answer', async () => {
    const seen: Array<{ url: string; auth: string | null; id: string | null; body: unknown }> = [];
    server.use(
      http.post(`${BASE}/rest/api/3/search/jql`, async ({ request }) => {
        seen.push({
          url: request.url,
          auth: request.headers.get('authorization'),
          id: request.headers.get('x-request-id'),
          body: await request.json(),
        });
        return HttpResponse.json({ issues: [{ id: '1', key: 'ABC-1' }] });
      }),
    );
    const { client, call } = jira();
    const page = await call('search', 'read', () =>
      client.issueSearch.searchForIssuesUsingJqlEnhancedSearchPost({
        jql: 'project = ABC',
        fields: ['id'],
        maxResults: 1,
      }),
    );
    expect(page.issues).toEqual([{ id: '1', key: 'ABC-1' }]);
    expect(seen).toEqual([
      {
        url: `${BASE}/rest/api/3/search/jql`,
        auth: `Basic ${btoa('bridge@example.com:token')}`,
        id: 'job-7',
        body: { jql: 'project = ABC', fields: ['id'], maxResults: 1 },
      },
    ]);
  });

  it('turns a 429 into an UpstreamError with its status and Retry-After, and a 404 with its status', async () => {
    server.use(
      http.get(`${BASE}/rest/api/3/myself`, () =>
        HttpResponse.json({ errorMessages: ['Rate limited'] }, { status: 429, headers: { 'Retry-After': '7' } }),
      ),
      http.get(`${BASE}/rest/api/3/issue/ABC-404`, () =>
        HttpResponse.json({ errorMessages: ['Gone'] }, { status: 404 }),
      ),
    );
    const { client, call } = jira();
    const limited = await call('myself', 'read', () => client.myself.getCurrentUser()).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(UpstreamError);
    expect((limited as UpstreamError).failure).toMatchObject({ upstreamStatus: 429, retryAfterMs: 7_000 });
    const missing = await call('issue', 'read', () => client.issues.getIssue({ issueIdOrKey: 'ABC-404' })).catch(
      (e: unknown) => e,
    );
    expect((missing as UpstreamError).failure).toMatchObject({ upstreamStatus: 404 });
  });

  it('says "timed out" when Jira does not answer within the timeout', async () => {
    server.use(http.get(`${BASE}/rest/api/3/myself`, () => new Promise<Response>(() => {})));
    const { client, call } = jira(50);
    const err = (await call('myself', 'read', () => client.myself.getCurrentUser()).catch(
      (e: unknown) => e,
    )) as UpstreamError;
    expect(err.message).toBe('Jira myself failed: timed out');
    expect(err.failure.kind).toBe('timeout');
  });
});
