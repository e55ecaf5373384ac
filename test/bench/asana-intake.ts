// Part of `npm run bench`: how long the real Node server takes to answer Asana deliveries at and
// over the events cap (Asana gives up after 10 s), on an embedded libSQL file.
import { createHmac } from 'node:crypto';
import { systemClock } from '../../src/platform/clock/clock';
import { silentLogger } from '../../src/platform/log/logger';
import { buildNodeRuntime } from '../../src/runtime/node/build-node-runtime';
import { createJobPump } from '../../src/runtime/node/job-pump';
import { startServer } from '../../src/runtime/node/start-server';
import { saveWebhookSecret } from '../../src/adapters/storage/webhook-registrations-repo';
import { startLoopbackWorld } from '../support/loopback-world';
import { PROJECT_GID } from '../support/seed';

const SECRET = 'bench-asana-secret';
const world = await startLoopbackWorld({ issues: [], tasks: [] });
const pump = createJobPump();
const runtime = await buildNodeRuntime({ ...world.env, LOG_LEVEL: 'silent' }, systemClock, silentLogger, pump);
await saveWebhookSecret(runtime.database.db, { tracker: 'asana', resourceId: PROJECT_GID }, SECRET, Date.now());
const server = await startServer(runtime, pump, 0);
const url = `http://127.0.0.1:${server.port}/webhooks/asana/${PROJECT_GID}`;

const event = (n: number, run: number) => ({
  user: { gid: '1500000000000777', resource_type: 'user' },
  created_at: new Date(Date.UTC(2026, 11, 1, 10, 0, 0, n)).toISOString(),
  action: 'changed',
  resource: {
    gid: String(1300000000000000 + run * 100_000 + n),
    resource_type: 'task',
    resource_subtype: 'default_task',
  },
  parent: null,
  change: { field: 'custom_fields', action: 'changed' },
});
async function post(body: string, signed: boolean) {
  const started = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/json',
      ...(signed && { 'x-hook-signature': createHmac('sha256', SECRET).update(body).digest('hex') }),
    },
  });
  await res.arrayBuffer();
  return { status: res.status, ms: performance.now() - started, kib: body.length / 1024 };
}

const rows: Array<[string, { status: number; ms: number; kib: number }]> = [];
for (const [run, n] of [
  [1, 1],
  [2, 100],
  [3, 500],
] as const) {
  rows.push([
    `${n} events, signed`,
    await post(JSON.stringify({ events: Array.from({ length: n }, (_, i) => event(i, run)) }), true),
  ]);
}
const big = JSON.stringify({ events: Array.from({ length: 9_000 }, (_, i) => event(i, 4)) }).slice(0, 1024 * 1024 - 16);
const bigBody = `${big.slice(0, big.lastIndexOf('},{') + 1)}]}`;
rows.push([`${(bigBody.match(/"action"/g) ?? []).length} events (~1 MiB), signed`, await post(bigBody, true)]);
rows.push(['~1 MiB, unsigned', await post(bigBody, false)]);

console.log('\nAsana deliveries to the real server (embedded libSQL):');
console.log('| delivery | status | answered in (ms) | body (KiB) |\n|---|---|---|---|');
for (const [what, r] of rows) console.log(`| ${what} | ${r.status} | ${r.ms.toFixed(1)} | ${r.kib.toFixed(0)} |`);
await server.close();
world.close();
