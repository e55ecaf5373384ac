// `npm run bench`: the web console's figures. 10,000 linked requests in the store (their flows
// over a year, five audit entries and one delivery each, 200 dead letters), served by the real
// built server (`npm start`'s): each page's time to first byte (median of 20 requests after 3 to
// warm up, signed in, on loopback) and weight (HTML bytes, and gzipped as a proxy would send it),
// and the weight of the console's script and stylesheet.
import { gzipSync } from 'node:zlib';
import { flowSnapshots, auditLog, jobs, links } from '../../src/adapters/storage/schema';
import { migrateDatabase } from '../../src/runtime/node/open-database';
import { consoleCookie, startChildBridge, waitFor } from '../support/child-bridge';
import { startLoopbackWorld } from '../support/loopback-world';
import { CREDENTIALS } from '../support/seed';

const REQUESTS = 10_000;
const DAY = 86_400_000;
const now = Date.now();
const world = await startLoopbackWorld({ issues: [], tasks: [] });
const opened = await migrateDatabase(world.env.DATABASE_URL, undefined);
const statuses: Array<[string, 'new' | 'indeterminate' | 'done']> = [
  ['To Do', 'new'],
  ['In Progress', 'indeterminate'],
  ['Blocked', 'indeterminate'],
  ['In Review', 'indeterminate'],
  ['Done', 'done'],
];
const BATCH = 500;
for (let start = 0; start < REQUESTS; start += BATCH) {
  const batch = Array.from({ length: BATCH }, (_, j) => start + j);
  const created = (i: number) => now - (365 - (i % 360)) * DAY;
  const rows = batch.map((i) => {
    // Three in five are done; the rest spread over the open statuses.
    const [status, category] = i % 5 < 3 ? statuses[4]! : statuses[i % 4]!;
    const startedAt = category === 'new' ? null : created(i) + ((i % 9) + 1) * DAY;
    const doneAt = category === 'done' ? Math.min(now - DAY, startedAt! + ((i % 40) + 1) * DAY) : null;
    return { i, status, category, startedAt, doneAt };
  });
  await opened.db.insert(links).values(
    rows.map(({ i }) => ({
      jiraIssueId: String(100_000 + i),
      jiraKey: `${['WEB', 'APP', 'API'][i % 3]}-${i + 1}`,
      taskId: String(1_300_000_000_000_000 + i),
      issueUpdatedAt: now - DAY,
      lastSyncedAt: now - DAY,
      requesters: [`Requester ${i % 40}`],
      writtenValues: { 'Delivery status': { type: 'enum', option: 'Planned' } },
      createdAt: created(i),
      updatedAt: now - DAY,
    })),
  );
  await opened.db.insert(flowSnapshots).values(
    rows.map(({ i, status, category, startedAt, doneAt }) => ({
      jiraIssueId: String(100_000 + i),
      jiraKey: `${['WEB', 'APP', 'API'][i % 3]}-${i + 1}`,
      status,
      statusCategory: category,
      statusSince: doneAt ?? startedAt ?? created(i),
      createdAt: created(i),
      startedAt,
      doneAt,
      leadMs: doneAt === null ? null : doneAt - created(i),
      cycleMs: doneAt === null ? null : doneAt - startedAt!,
      blockedMs: 0,
      reopenings: 0,
      summary: `Feature request number ${i + 1}`,
      dueDate: i % 7 === 0 ? new Date(now + ((i % 30) - 15) * DAY).toISOString().slice(0, 10) : null,
      issueUpdatedAt: now - DAY,
      refreshedAt: now - DAY,
    })),
  );
  await opened.db.insert(auditLog).values(
    rows.flatMap(({ i }) =>
      Array.from({ length: 5 }, (_, k) => ({
        at: created(i) + k * DAY,
        action: 'field-written',
        actor: 'jira:Dana Developer',
        mapping: 'default',
        jiraKey: `${['WEB', 'APP', 'API'][i % 3]}-${i + 1}`,
        taskId: String(1_300_000_000_000_000 + i),
        field: 'Delivery status',
        oldValue: { type: 'enum', option: 'Planned' },
        newValue: { type: 'enum', option: 'In development' },
        rule: 'fields.status.map: Jira status "In Progress"',
        cause: { source: 'jira', deliveries: [`jira:${i}-${k}`] },
      })),
    ),
  );
  await opened.db.insert(jobs).values(
    rows.map(({ i }) => ({
      kind: 'jira-delivery',
      key: `jira:bench-${i}`,
      groupKey: String(100_000 + i),
      payload: {
        source: 'jira',
        event: 'jira:issue_updated',
        issueId: String(100_000 + i),
        issueKey: `X-${i}`,
        eventAt: now - DAY,
        actor: 'Dana',
        actorId: 'a1',
      },
      status: i % 50 === 0 ? ('failed' as const) : ('done' as const),
      attempts: 1,
      runAt: now - DAY,
      lastError: i % 50 === 0 ? 'Jira read of the issue failed: HTTP 503' : null,
      createdAt: now - DAY,
      finishedAt: now - DAY,
    })),
  );
}
await opened.close();

const bridge = await startChildBridge(world.env, ['--enable-source-maps', 'dist/runtime/node/server.js']);
const cookie = await consoleCookie(bridge.url, CREDENTIALS.adminToken);
// Measured once the start-up's scheduled work (the day's flow refresh and forecast of 10,000
// requests) is done, so it does not share the CPU with the pages.
await waitFor(
  'the daily flow refresh',
  async () => {
    const res = await fetch(`${bridge.url}/admin/jobs?kind=flow-refresh&status=done`, {
      headers: { authorization: `Bearer ${CREDENTIALS.adminToken}` },
    });
    return ((await res.json()) as { jobs: unknown[] }).jobs.length > 0;
  },
  120_000,
);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

console.log(`Console pages with ${REQUESTS.toLocaleString('en')} requests (TTFB median of 20; weight raw / gzip):`);
const pages = [
  '/console',
  '/console?weeks=52',
  '/console?project=WEB&requester=Requester+7',
  '/console/requests/WEB-1',
  '/console/ops',
  '/console/links?attention=0',
  '/console/audit',
];
for (const path of pages) {
  const ttfb: number[] = [];
  let bytes = new Uint8Array();
  for (let n = 0; n < 23; n++) {
    const t0 = performance.now();
    const res = await fetch(`${bridge.url}${path}`, { headers: { cookie } });
    const t1 = performance.now();
    bytes = new Uint8Array(await res.arrayBuffer());
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    if (n >= 3) ttfb.push(t1 - t0);
  }
  console.log(
    `  ${path.padEnd(45)} ${median(ttfb).toFixed(1).padStart(7)} ms   ${kib(bytes.length).padStart(10)} / ${kib(gzipSync(bytes).length)}`,
  );
}
for (const asset of ['console.js', 'console.css']) {
  const body = new Uint8Array(await (await fetch(`${bridge.url}/console/assets/${asset}`)).arrayBuffer());
  console.log(
    `  /console/assets/${asset.padEnd(28)} (once, cached) ${kib(body.length).padStart(10)} / ${kib(gzipSync(body).length)}`,
  );
}
await bridge.kill('SIGTERM');
world.close();
