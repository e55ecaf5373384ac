import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { http } from 'msw';
import type { SetupServer } from 'msw/node';
import type { BridgeConfig } from '../../src/platform/config/schema';
import { createApp } from '../../src/http/app';
import { TRACKER_EVENT } from '../../src/flows/jobs/tracker-event-job';
import { jobHandlers } from '../../src/runtime/job-handlers';
import { NOTICE } from '../../src/flows/jobs/notice-job';
import { JIRA_DELIVERY } from '../../src/flows/jobs/delivery-job';
import { JIRA_COMMENT } from '../../src/flows/jobs/jira-comment-job';
import { createJsonLogger } from '../../src/platform/log/logger';
import { parseEnv } from '../../src/platform/config/env';
import { createAsyncRequestScope } from '../../src/runtime/async-request-scope';
import { buildContext } from '../../src/runtime/build-context';
import { openDatabase } from '../../src/runtime/node/open-database';
import { runNextJob } from '../../src/work/run-job';
import type { FakeJiraSeed, JiraIssueJson } from '../../demo/stand-ins/fake-jira';
import type { FakeAsanaSeed } from '../../demo/stand-ins/fake-asana';
import { asanaSpecViolations } from './asana-contract';
import { CREDENTIALS, standInEnv, testConfig } from './seed';
import { createTestStandIns } from './test-stand-ins';
import { asanaSignature, hubSignature } from './sign';
import { TestClock } from './test-clock';

export interface HarnessOptions {
  config?: BridgeConfig;
  issues?: JiraIssueJson[];
  /** The Jira site's `/rest/api/3/field` answer, when it should differ from the default. */
  jiraFields?: FakeJiraSeed['fields'];
  /** More Asana tasks than the standard three. */
  extraTasks?: Array<{ gid: string; name: string; projectGids?: string[] }>;
  /** More Asana projects of the workspace, with their fields (for configs with several mappings). */
  otherProjects?: FakeAsanaSeed['otherProjects'];
  /** null: no JIRA_WEBHOOK_SECRET. */
  secret?: string | null;
  allowUnsigned?: boolean;
  adminToken?: string | null;
}

/**
 * The whole bridge in-process: the real Hono app and inbox on a temporary libSQL file, with
 * Jira and Asana served by the stand-ins through msw. Every request to Asana is checked
 * against the published spec; `specViolations` collects what did not conform.
 */
export async function createHarness(server: SetupServer, options: HarnessOptions = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'bridge-test-'));
  const clock = new TestClock();
  const config = options.config ?? testConfig();
  const logs: Array<Record<string, unknown>> = [];
  const logger = createJsonLogger((line) => logs.push(JSON.parse(line)), clock);
  const database = await openDatabase(`file:${join(dir, 'bridge.db')}`, undefined);

  // Asana's handshake reaches the bridge in-process (the app is built below).
  const built: { app?: ReturnType<typeof createApp> } = {};
  // Tests may race a forged handshake against Asana's (an attacker who knows the URL).
  const beforeHandshake: Array<(path: string) => Promise<unknown>> = [];
  const deliverHandshake = async (target: string, secret: string) => {
    const path = new URL(target).pathname;
    for (const action of beforeHandshake.splice(0)) await action(path);
    return built.app!.request(path, { method: 'POST', headers: { 'x-hook-secret': secret } });
  };
  const { fakeJira, fakeAsana } = createTestStandIns(
    { issues: options.issues ?? [], ...(options.jiraFields && { fields: options.jiraFields }) },
    options.extraTasks,
    deliverHandshake,
    options.otherProjects,
  );
  fakeJira.useClock(() => clock.now());
  fakeAsana.useClock(() => clock.now());
  let loseCommentResponses = 0;
  let loseStatusUpdateResponses = 0;
  let loseJiraCreateResponses = 0;
  let loseJiraCommentResponses = 0;
  const specViolations: string[] = [];
  server.use(
    http.all(`${CREDENTIALS.jiraBaseUrl}/*`, async ({ request }) => {
      const creating = request.method === 'POST' && new URL(request.url).pathname === '/rest/api/3/issue';
      const commenting = request.method === 'POST' && new URL(request.url).pathname.endsWith('/comment');
      const response = await fakeJira.app.fetch(request);
      if ((creating && loseJiraCreateResponses > 0) || (commenting && loseJiraCommentResponses > 0)) {
        // The issue (or comment) was created, but the answer is lost: an ambiguous failure.
        if (creating) loseJiraCreateResponses--;
        else loseJiraCommentResponses--;
        return new Response('{"errorMessages":["Bad gateway"]}', { status: 502 });
      }
      return response;
    }),
    http.all(`${CREDENTIALS.asanaBaseUrl}/*`, async ({ request }) => {
      const commenting = request.method === 'POST' && request.url.includes('/stories');
      const updating = request.method === 'POST' && new URL(request.url).pathname.endsWith('/status_updates');
      const response = await fakeAsana.app.fetch(request);
      if ((commenting && loseCommentResponses > 0) || (updating && loseStatusUpdateResponses > 0)) {
        // The comment (or status update) landed, but the answer is lost on the way back: an ambiguous failure.
        if (commenting) loseCommentResponses--;
        else loseStatusUpdateResponses--;
        const sent = fakeAsana.requests.at(-1);
        if (sent) specViolations.push(...(await asanaSpecViolations(sent)));
        return new Response(JSON.stringify({ errors: [{ message: 'Bad gateway' }] }), { status: 502 });
      }
      const sent = fakeAsana.requests.at(-1);
      if (sent) specViolations.push(...(await asanaSpecViolations(sent)));
      return response;
    }),
  );

  // Retries in place, the work queue's backoff and the rate limits all run on the test clock.
  const retry = { retries: 2, minTimeoutMs: 1, maxTimeoutMs: 5, maxInlineWaitMs: 50 };
  const notified: number[] = [];
  const notifiedTrackerEvents: number[] = [];
  const secret = options.secret === undefined ? CREDENTIALS.webhookSecret : options.secret;
  const adminToken = options.adminToken === undefined ? CREDENTIALS.adminToken : options.adminToken;
  const rawEnv = {
    ...standInEnv(),
    ...(secret && { JIRA_WEBHOOK_SECRET: secret }),
    ...(options.allowUnsigned && { ALLOW_UNSIGNED_WEBHOOKS: 'true' }),
    ...(adminToken && { ADMIN_TOKEN: adminToken }),
  };
  // Dispatched jobs are recorded, not run: each test runs them when it says so.
  const dispatcher = {
    dispatch(jobs: ReadonlyArray<{ id: number; kind: string }>) {
      for (const job of jobs) {
        if (job.kind === JIRA_DELIVERY) notified.push(job.id);
        if (job.kind === TRACKER_EVENT) notifiedTrackerEvents.push(job.id);
      }
    },
  };
  const ctx = buildContext({
    env: parseEnv(rawEnv),
    rawEnv,
    config,
    db: database.db,
    clock,
    log: logger,
    dispatcher,
    trace: createAsyncRequestScope(),
    retry,
    timeoutMs: 500,
    // As on Node: deliveries that arrive together are stored in one statement.
    groupCommit: true,
    storeDb: database.priorityDb,
  });
  const app = createApp(ctx);
  const runAll = async (kind: string) => {
    let n = 0;
    while ((await runNextJob(ctx, jobHandlers, { kinds: [kind] })).ran) n++;
    return n;
  };
  built.app = app;

  return {
    app,
    db: database.db,
    ctx,
    clock,
    logs,
    notified,
    fakeJira,
    fakeAsana,
    specViolations,
    /** PUT /tasks requests the bridge sent to Asana, as `{task, custom_fields}`. */
    taskWrites() {
      return fakeAsana.requests
        .filter((r) => r.method === 'PUT')
        .map((r) => ({
          task: r.path.split('/').pop(),
          custom_fields: (r.body as { data: { custom_fields: unknown } }).data.custom_fields,
        }));
    },
    /** Sends a Jira delivery, signed with the harness secret unless told otherwise. */
    postJira(body: string | object, headers: Record<string, string> = {}) {
      const raw = typeof body === 'string' ? body : JSON.stringify(body);
      const signature: Record<string, string> = secret ? { 'x-hub-signature': hubSignature(secret, raw) } : {};
      return app.request('/webhooks/jira', {
        method: 'POST',
        body: raw,
        headers: { 'content-type': 'application/json', ...signature, ...headers },
      });
    },
    /** Sends an Asana webhook delivery for `project`, signed with `secret` (`X-Hook-Signature`, hex). */
    postAsana(project: string, body: string, secret: string) {
      return app.request(`/webhooks/asana/${project}`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', 'x-hook-signature': asanaSignature(secret, body) },
      });
    },
    admin(method: string, path: string, body?: object, token: string = CREDENTIALS.adminToken) {
      return app.request(`/admin/links${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body && { 'content-type': 'application/json' }) },
        ...(body && { body: JSON.stringify(body) }),
      });
    },
    loseNextCommentResponse() {
      loseCommentResponses++;
    },
    loseNextStatusUpdateResponse() {
      loseStatusUpdateResponses++;
    },
    loseNextJiraCreateResponse() {
      loseJiraCreateResponses++;
    },
    loseNextJiraCommentResponse() {
      loseJiraCommentResponses++;
    },
    notifiedTrackerEvents,
    /** Runs `action` just before Asana's next handshake reaches the bridge. */
    beforeNextHandshake(action: (path: string) => Promise<unknown>) {
      beforeHandshake.push(action);
    },
    /** Processes every due tracker event (PMs' changes in Asana), then the syncs they queued, as the job pump would. */
    async processTrackerEvents() {
      const n = await runAll(TRACKER_EVENT);
      await runAll(JIRA_DELIVERY);
      return n;
    },
    /** Sends every due notice, as the job pump would after the deliveries. */
    sendNotices: () => runAll(NOTICE),
    /** Processes every due delivery, as the job pump would. */
    drain: () => runAll(JIRA_DELIVERY),
    /** Runs every due job of `kind`, as the job pump would; returns how many ran. */
    runJobs: runAll,
    /** Relays every due Jira comment event, as the job pump would. */
    relayJiraComments: () => runAll(JIRA_COMMENT),
    async close() {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type Harness = Awaited<ReturnType<typeof createHarness>>;
