import { createExecutionContext, createMessageBatch, env, getQueueResult } from 'cloudflare:test';
import { http } from 'msw';
import type { SetupServer } from 'msw/node';
import { createWorker } from '../../src/runtime/workers/worker';
import type { DeadLetterMessage, JobMessage, WorkerEnv } from '../../src/runtime/workers/worker-env';
import { TestClock } from '../support/test-clock';
import { CREDENTIALS } from '../support/seed';
import { createTestStandIns } from '../support/test-stand-ins';

/** A queue binding that keeps what is sent, so a test can hand it to the consumer. */
function recordingQueue<T>() {
  const sent: T[] = [];
  const queue = {
    sent,
    delays: [] as Array<number | undefined>,
    async send(body: T, options?: QueueSendOptions) {
      sent.push(body);
      queue.delays.push(options?.delaySeconds);
    },
    async sendBatch(messages: Iterable<{ body: T; delaySeconds?: number }>) {
      for (const m of messages) {
        sent.push(m.body);
        queue.delays.push(m.delaySeconds);
      }
    },
  };
  return queue as typeof queue & Queue<T>;
}

/**
 * Counts the SQL statements the Worker sends to D1, and the rows D1 reports it read and wrote
 * for them (what D1 bills). `raw()` answers carry no counts, so it is served by `all()` here.
 */
function countingD1(db: D1Database) {
  const counter = { statements: 0, rowsRead: 0, rowsWritten: 0 };
  const add = (meta: { rows_read?: number; rows_written?: number } | undefined) => {
    counter.rowsRead += meta?.rows_read ?? 0;
    counter.rowsWritten += meta?.rows_written ?? 0;
  };
  const counted = (stmt: D1PreparedStatement): D1PreparedStatement =>
    new Proxy(stmt, {
      get(target, prop) {
        if (prop === 'bind') return (...values: unknown[]) => counted(target.bind(...values));
        if (prop === 'all' || prop === 'run')
          return async () => {
            const result = await target.all();
            add(result.meta);
            return result;
          };
        if (prop === 'raw')
          return async (options?: { columnNames?: boolean }) => {
            const result = await target.all<Record<string, unknown>>();
            add(result.meta);
            const rows = result.results.map((row) => Object.values(row));
            return options?.columnNames ? [Object.keys(result.results[0] ?? {}), ...rows] : rows;
          };
        const value = Reflect.get(target, prop);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  const proxy = new Proxy(db, {
    get(target, prop) {
      if (prop === 'prepare') return (sql: string) => (counter.statements++, counted(target.prepare(sql)));
      if (prop === 'batch')
        return async (stmts: D1PreparedStatement[]) => {
          const results = await target.batch(stmts);
          for (const r of results) add(r.meta);
          return results;
        };
      const value = Reflect.get(target, prop);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { db: proxy, counter };
}

export async function hmacHex(secret: string, body: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  return [...new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(body)))]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('');
}

async function hmac(secret: string, body: string): Promise<string> {
  return `sha256=${await hmacHex(secret, body)}`;
}

/**
 * The Worker's handlers called directly, as Workers would call them, on local D1 with the
 * same migrations, queues that record, and Jira/Asana stand-ins behind msw.
 */
export async function createWorkerHarness(server: SetupServer) {
  await env.DB.exec(
    'DELETE FROM jobs; DELETE FROM links; DELETE FROM notices; DELETE FROM tracker_webhooks; DELETE FROM commits; DELETE FROM tracker_webhook_registrations; DELETE FROM user_map; DELETE FROM mapping_gaps; DELETE FROM status_updates; DELETE FROM flow_snapshots;',
  );
  // The Worker runs on a clock the test moves, so delays are exact.
  const clock = new TestClock(Date.now());
  const worker = createWorker(clock);
  // Asana's handshake reaches the Worker while the registration request is open, as in production.
  const deliverHandshake = (target: string, secret: string) =>
    worker.fetch(
      new Request(target, { method: 'POST', headers: { 'x-hook-secret': secret } }) as Request<
        unknown,
        IncomingRequestCfProperties
      >,
      bindings,
      createExecutionContext(),
    );
  const { fakeJira, fakeAsana } = createTestStandIns({}, [], deliverHandshake);
  fakeJira.useClock(() => clock.now());
  fakeAsana.useClock(() => clock.now());
  server.use(
    http.all(`${CREDENTIALS.jiraBaseUrl}/*`, ({ request }) => fakeJira.app.fetch(request as unknown as Request)),
    http.all(`${CREDENTIALS.asanaBaseUrl}/*`, ({ request }) => fakeAsana.app.fetch(request as unknown as Request)),
  );
  const deliveriesQueue = recordingQueue<JobMessage>();
  const deadLetters = recordingQueue<DeadLetterMessage>();
  const d1 = countingD1(env.DB);
  const bindings: WorkerEnv = { ...env, DB: d1.db, DELIVERIES: deliveriesQueue, DEAD_LETTERS: deadLetters };
  let messageSeq = 0;

  return {
    clock,
    worker,
    fakeJira,
    fakeAsana,
    deliveriesQueue,
    deadLetters,
    d1: d1.counter,
    bindings,
    fetch(path: string, init?: RequestInit) {
      return worker.fetch(
        new Request(`https://bridge.test${path}`, init) as Request<unknown, IncomingRequestCfProperties>,
        bindings,
        createExecutionContext(),
      );
    },
    async postJira(raw: string, headers: Record<string, string> = {}) {
      return this.fetch('/webhooks/jira', {
        method: 'POST',
        body: raw,
        headers: {
          'content-type': 'application/json',
          'x-hub-signature': await hmac(CREDENTIALS.webhookSecret, raw),
          ...headers,
        },
      });
    },
    admin(method: string, path: string, body?: object) {
      return this.fetch(`/admin${path}`, {
        method,
        headers: { authorization: `Bearer ${CREDENTIALS.adminToken}`, 'content-type': 'application/json' },
        ...(body && { body: JSON.stringify(body) }),
      });
    },
    /**
     * Hands messages (by default every one sent so far) to the queue consumer as one batch;
     * returns the acks, and the retries with the delay each asked for.
     */
    async consume(bodies: JobMessage[] = deliveriesQueue.sent.splice(0)) {
      const batch = createMessageBatch<JobMessage>(
        'bridge-deliveries',
        bodies.map((body) => ({ id: `m${++messageSeq}`, timestamp: new Date(), attempts: 1, body })),
      );
      const retries: Array<{ msgId: string; delaySeconds: number | undefined }> = [];
      for (const message of batch.messages) {
        const retry = message.retry.bind(message);
        message.retry = (options) => {
          retries.push({ msgId: message.id, delaySeconds: options?.delaySeconds });
          retry(options);
        };
      }
      const ctx = createExecutionContext();
      await worker.queue(batch, bindings, ctx);
      const result = await getQueueResult(batch, ctx);
      return { acked: result.explicitAcks, retries, outcome: result.outcome };
    },
    taskWrites() {
      return fakeAsana.requests
        .filter((r) => r.method === 'PUT')
        .map((r) => (r.body as { data: { custom_fields: Record<string, unknown> } }).data.custom_fields);
    },
  };
}

export type WorkerHarness = Awaited<ReturnType<typeof createWorkerHarness>>;
