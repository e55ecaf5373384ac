// `npm run bench`: measures the intake ack latency (with slow upstreams) and the sync
// throughput of the real Node server on an embedded libSQL file, against the stand-ins on
// loopback. Prints a table; numbers go in the README and closing notes.
import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { systemClock } from '../../src/platform/clock/clock';
import { silentLogger } from '../../src/platform/log/logger';
import { buildNodeRuntime } from '../../src/runtime/node/build-node-runtime';
import { createJobPump } from '../../src/runtime/node/job-pump';
import { startServer } from '../../src/runtime/node/start-server';
import { insertLink } from '../../src/adapters/storage/links-repo';
import { startLoopbackWorld } from '../support/loopback-world';
import { benchIssue } from './bench-issue';
import { CREDENTIALS, RAW_TEST_CONFIG } from '../support/seed';

const ISSUES = Number(process.env.BENCH_ISSUES ?? 100);
const DELIVERIES = Number(process.env.BENCH_DELIVERIES ?? 1000);
const UPSTREAM_DELAY_MS = Number(process.env.BENCH_UPSTREAM_DELAY_MS ?? 50);
const CONCURRENCY = 8;

const issue = benchIssue;
const slow = (handler: (r: Request) => Response | Promise<Response>) => async (r: Request) => {
  await new Promise((res) => setTimeout(res, UPSTREAM_DELAY_MS));
  return handler(r);
};
const world = await startLoopbackWorld({
  issues: Array.from({ length: ISSUES }, (_, i) => issue(i + 1)),
  tasks: Array.from({ length: ISSUES }, (_, i) => ({
    gid: String(1300000000100000 + i + 1),
    name: `Request ${i + 1}`,
  })),
  wrapJira: slow,
  wrapAsana: slow,
  // As Asana's own limit: the bench counts the 429s the bridge provokes (the goal is none).
  asanaRequestsPerMinute: 1500,
});
const { jira, asana } = world;
// The product's defaults: syncs in parallel up to the upstreams' limits, a burst per issue debounced.
writeFileSync(
  world.env.BRIDGE_CONFIG!,
  JSON.stringify({ ...RAW_TEST_CONFIG, sync: JSON.parse(process.env.BENCH_SYNC ?? '{}') }),
);
const pump = createJobPump();
const runtime = await buildNodeRuntime(world.env, systemClock, silentLogger, pump);
const now = Date.now();
for (let i = 1; i <= ISSUES; i++) {
  await insertLink(
    runtime.database.db,
    { jiraIssueId: String(20000 + i), jiraKey: `ABC-${i}`, taskId: String(1300000000100000 + i) },
    now,
  );
}
const server = await startServer(runtime, pump, 0);
const base = `http://127.0.0.1:${server.port}`;

// Bursts of changes: each delivery moves one issue to a new state in Jira, then is delivered.
const bodies = Array.from({ length: DELIVERIES }, (_, d) => {
  const n = (d % ISSUES) + 1;
  const at = now + d;
  jira.put(issue(n, d % 2 ? 'In Progress' : 'In Review', at));
  const raw = JSON.stringify({ timestamp: at, webhookEvent: 'jira:issue_updated', issue: issue(n, 'In Progress', at) });
  return {
    raw,
    sig: `sha256=${createHmac('sha256', CREDENTIALS.webhookSecret).update(raw).digest('hex')}`,
    id: `bench-${d}`,
  };
});

const latencies: number[] = [];
const started = performance.now();
let next = 0;
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (next < bodies.length) {
      const b = bodies[next++]!;
      const t = performance.now();
      const res = await fetch(`${base}/webhooks/jira`, {
        method: 'POST',
        body: b.raw,
        headers: {
          'content-type': 'application/json',
          'x-hub-signature': b.sig,
          'x-atlassian-webhook-identifier': b.id,
        },
      });
      latencies.push(performance.now() - t);
      if (res.status !== 200) throw new Error(`ack ${res.status}`);
    }
  }),
);
const ackDone = performance.now();
for (;;) {
  const health = (await (await fetch(`${base}/health`)).json()) as { backlog: { pending: number; failed: number } };
  if (health.backlog.pending === 0) break;
  await new Promise((r) => setTimeout(r, 20));
}
const drained = performance.now();
const memory = process.memoryUsage();
latencies.sort((a, b) => a - b);
const pct = (p: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!.toFixed(1);
const puts = asana.requests.filter((r) => r.method === 'PUT').length;
const reads = jira.requests.filter((r) => r.path.startsWith('/rest/api/3/issue/')).length;

console.log(
  `jira-tracker-bridge benchmark (${DELIVERIES} deliveries over ${ISSUES} linked issues, ${CONCURRENCY} concurrent senders, Jira and Asana answering in ${UPSTREAM_DELAY_MS} ms)`,
);
// The floor: the slower upstream at its configured rate (after its burst) for one call per issue,
// plus a read and a write at the upstreams' latency.
const { limits } = runtime.ctx.config;
const asanaLimits = limits.asana as { requestsPerMinute: number; burst: number };
const floorOf = (calls: number, l: { requestsPerMinute: number; burst: number }) =>
  Math.max(0, calls - l.burst) / ((l.requestsPerMinute - l.burst) / 60);
const floorS = Math.max(floorOf(ISSUES, limits.jira), floorOf(ISSUES, asanaLimits)) + (2 * UPSTREAM_DELAY_MS) / 1000;
const totalS = (drained - started) / 1000;
console.table({
  'ack latency p50 (ms)': pct(50),
  'ack latency p95 (ms)': pct(95),
  'ack latency p99 (ms)': pct(99),
  'acks per second': ((DELIVERIES / (ackDone - started)) * 1000).toFixed(0),
  'time to drain after last ack (s)': ((drained - ackDone) / 1000).toFixed(2),
  'total time, first ack to drained (s)': totalS.toFixed(2),
  'upstream floor (s)': floorS.toFixed(2),
  'total / floor': (totalS / floorS).toFixed(2),
  'Jira issue reads': reads,
  'Jira reads per issue (per burst)': (reads / ISSUES).toFixed(2),
  'Asana writes (PUT /tasks)': puts,
  'Asana 429s provoked': asana.throttled(),
  'RSS (MiB)': (memory.rss / 2 ** 20).toFixed(0),
  'heap used (MiB)': (memory.heapUsed / 2 ** 20).toFixed(0),
});
await server.close();
world.close();
process.exit(0);
