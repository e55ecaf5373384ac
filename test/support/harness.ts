import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { http } from 'msw';
import type { SetupServer } from 'msw/node';
import type { BridgeConfig } from '../../src/platform/config/schema';
import { createApp } from '../../src/http/app';
import { processNextTrackerEvent } from '../../src/flows/commit/process-tracker-event';
import { processNextDelivery } from '../../src/flows/sync/process-delivery';
import { sendNextNotice } from '../../src/flows/notify/send-notice';
import { createJsonLogger } from '../../src/platform/log/logger';
import { openDatabase } from '../../src/runtime/node/open-database';
import type { FakeJiraSeed, JiraIssueJson } from '../../demo/stand-ins/fake-jira';
import { buildSyncDeps } from '../../src/runtime/build-sync-deps';
import { asanaSpecViolations } from './asana-contract';
import { CREDENTIALS, standInEnv, testConfig, virtualLimiterTime } from './seed';
import { createTestStandIns } from './test-stand-ins';
import { hubSignature } from './sign';
import { TestClock } from './test-clock';

export interface HarnessOptions {
  config?: BridgeConfig;
  issues?: JiraIssueJson[];
  /** The Jira site's `/rest/api/3/field` answer, when it should differ from the default. */
  jiraFields?: FakeJiraSeed['fields'];
  /** More Asana tasks than the standard three. */
  extraTasks?: Array<{ gid: string; name: string }>;
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
  const logger = createJsonLogger((line) => logs.push(JSON.parse(line)), () => clock.now());
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
  const { fakeJira, fakeAsana } = createTestStandIns({ issues: options.issues ?? [], ...(options.jiraFields && { fields: options.jiraFields }) }, options.extraTasks, deliverHandshake);
  fakeJira.useClock(() => clock.now());
  fakeAsana.useClock(() => clock.now());
  let loseCommentResponses = 0;
  let loseJiraCreateResponses = 0;
  const specViolations: string[] = [];
  server.use(
    http.all(`${CREDENTIALS.jiraBaseUrl}/*`, async ({ request }) => {
      const creating = request.method === 'POST' && new URL(request.url).pathname === '/rest/api/3/issue';
      const response = await fakeJira.app.fetch(request);
      if (creating && loseJiraCreateResponses > 0) {
        // The issue was created, but the answer is lost: an ambiguous failure.
        loseJiraCreateResponses--;
        return new Response('{"errorMessages":["Bad gateway"]}', { status: 502 });
      }
      return response;
    }),
    http.all(`${CREDENTIALS.asanaBaseUrl}/*`, async ({ request }) => {
      const commenting = request.method === 'POST' && request.url.includes('/stories');
      const response = await fakeAsana.app.fetch(request);
      if (commenting && loseCommentResponses > 0) {
        // The comment landed, but the answer is lost on the way back: an ambiguous failure.
        loseCommentResponses--;
        const sent = fakeAsana.requests.at(-1);
        if (sent) specViolations.push(...(await asanaSpecViolations(sent)));
        return new Response(JSON.stringify({ errors: [{ message: 'Bad gateway' }] }), { status: 502 });
      }
      const sent = fakeAsana.requests.at(-1);
      if (sent) specViolations.push(...(await asanaSpecViolations(sent)));
      return response;
    }),
  );

  // Retries in place stay real but quick; the inbox's own backoff and rate limits run on the test clock.
  const retry = { retries: 2, minTimeoutMs: 1, maxTimeoutMs: 5, maxInlineWaitMs: 50 };
  const sync = buildSyncDeps(standInEnv(), config, database.db, clock, logger, { retry, limiterTime: virtualLimiterTime(clock), timeoutMs: 500 })!;
  const notified: number[] = [];
  const notifiedTrackerEvents: number[] = [];
  const secret = options.secret === undefined ? CREDENTIALS.webhookSecret : options.secret;
  const adminToken = options.adminToken === undefined ? CREDENTIALS.adminToken : options.adminToken;
  const app = createApp({
    db: database.db,
    config,
    clock,
    logger,
    scheduler: {
      notify: (id) => void notified.push(id),
      runNow: async (id) => void (await processNextDelivery(sync, id)),
      notifyTrackerEvent: (id) => void notifiedTrackerEvents.push(id),
    },
    security: { jiraWebhookSecret: secret ?? undefined, allowUnsignedWebhooks: options.allowUnsigned ?? false, adminToken: adminToken ?? undefined },
    sync,
    missingSettings: [],
  });
  built.app = app;

  return {
    app,
    db: database.db,
    sync,
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
        .map((r) => ({ task: r.path.split('/').pop(), custom_fields: (r.body as { data: { custom_fields: unknown } }).data.custom_fields }));
    },
    /** Sends a Jira delivery, signed with the harness secret unless told otherwise. */
    postJira(body: string | object, headers: Record<string, string> = {}) {
      const raw = typeof body === 'string' ? body : JSON.stringify(body);
      const signature: Record<string, string> = secret ? { 'x-hub-signature': hubSignature(secret, raw) } : {};
      return app.request('/webhooks/jira', { method: 'POST', body: raw, headers: { 'content-type': 'application/json', ...signature, ...headers } });
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
    loseNextJiraCreateResponse() {
      loseJiraCreateResponses++;
    },
    notifiedTrackerEvents,
    /** Runs `action` just before Asana's next handshake reaches the bridge. */
    beforeNextHandshake(action: (path: string) => Promise<unknown>) {
      beforeHandshake.push(action);
    },
    /** Processes every due tracker event (PMs' changes in Asana), as the inbox worker would. */
    async processTrackerEvents() {
      let n = 0;
      const inline = { runNow: async (id: number) => void (await processNextDelivery(sync, id)) };
      while ((await processNextTrackerEvent(sync, inline)).processed) n++;
      return n;
    },
    /** Sends every due notice, as the inbox worker would after the deliveries. */
    async sendNotices() {
      let n = 0;
      while ((await sendNextNotice(sync)).processed) n++;
      return n;
    },
    /** Processes every due delivery, as the inbox worker would. */
    async drain() {
      let n = 0;
      while ((await processNextDelivery(sync)).processed) n++;
      return n;
    },
    close() {
      database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type Harness = Awaited<ReturnType<typeof createHarness>>;
