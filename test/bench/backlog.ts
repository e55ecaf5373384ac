// `npm run bench` (third part): a backlog of 10,000 changed issues drained against an Asana
// stand-in that enforces 1,500 requests per rolling minute, on virtual time (waiting moves the
// clock, so minutes of draining take seconds). Reports drain time against the limit's floor,
// the 429s provoked, and writes per changed task.
import { parseConfig } from '../../src/runtime/trackers';
import { createFakeAsana } from '../../demo/stand-ins/fake-asana';
import { createFakeJira } from '../../demo/stand-ins/fake-jira';
import { existsSync, statSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { jobBacklog, pruneDoneJobs } from '../../src/adapters/storage/jobs-admin-repo';
import { jobHandlers } from '../../src/runtime/job-handlers';
import { JIRA_DELIVERY } from '../../src/flows/jobs/delivery-job';
import { runNextJob } from '../../src/work/run-job';
import { insertLink } from '../../src/adapters/storage/links-repo';
import { ASANA_FIELDS, CREDENTIALS, PROJECT_GID, RAW_TEST_CONFIG } from '../support/seed';
import { TestClock } from '../support/test-clock';
import { benchIssue } from './bench-issue';
import { startInProcessWorld } from './in-process-world';

const ISSUES = Number(process.env.BENCH_BACKLOG ?? 10_000);
const ASANA_RPM = 1500;
const clock = new TestClock();
const start = clock.now();
const issue = (n: number, status: string, at: number) => benchIssue(n, status, at, 100000);
const taskOf = (n: number) => String(1400000000000000 + n);
const jira = createFakeJira({
  siteUrl: CREDENTIALS.jiraBaseUrl,
  email: CREDENTIALS.jiraEmail,
  apiToken: CREDENTIALS.jiraApiToken,
});
const asana = createFakeAsana({
  accessToken: CREDENTIALS.asanaToken,
  projectGid: PROJECT_GID,
  fields: ASANA_FIELDS,
  tasks: Array.from({ length: ISSUES }, (_, i) => ({ gid: taskOf(i + 1), name: `Request ${i + 1}` })),
  requestsPerMinute: ASANA_RPM,
});
// Notices are measured elsewhere; here every request is a field write. Jira is not the bottleneck.
const config = parseConfig({
  ...RAW_TEST_CONFIG,
  notifications: { enabled: false },
  limits: { jira: { requestsPerMinute: 100_000, burst: 1_000 } },
});
const world = await startInProcessWorld(jira, asana, config, clock);
const { ctx } = world;

// Every issue was linked and synced while "To Do"; then all of them changed while the bridge was behind.
for (let n = 1; n <= ISSUES; n++) {
  jira.put(issue(n, 'In Progress', start));
  await insertLink(world.db, { jiraIssueId: String(100000 + n), jiraKey: `ABC-${n}`, taskId: taskOf(n) }, start);
  await world.deliver(`b-${n}`, { id: String(100000 + n), key: `ABC-${n}` }, start);
}
// What the process holds as the drain goes on: the heap after a full collection (what is
// retained; `npm run bench` runs this with --expose-gc) and the resident set at that moment. The
// stand-ins' logs of the requests they answered are counted and dropped at each sample, so the
// heap is the bridge's (and the stand-ins' fixed state), not a record of the run.
const retained: Array<{ done: number; heapMiB: number; rssMiB: number }> = [];
let asanaRequests = 0;
let asanaPuts = 0;
const dropRequestLogs = () => {
  asanaRequests += asana.requests.length;
  asanaPuts += asana.requests.filter((r) => r.method === 'PUT').length;
  asana.requests.length = 0;
  jira.requests.length = 0;
};
const sample = (done: number) => {
  dropRequestLogs();
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  retained.push({ done, heapMiB: m.heapUsed / 2 ** 20, rssMiB: m.rss / 2 ** 20 });
};
sample(0);
let ran = 0;
const realStart = performance.now();
for (;;) {
  if ((await runNextJob(ctx, jobHandlers)).ran) {
    if (++ran % Math.ceil(ISSUES / 4) === 0) sample(ran);
    continue;
  }
  const left = await jobBacklog(world.db, JIRA_DELIVERY);
  if (left.pending === 0) break;
  clock.advance(1_000); // deferred deliveries become due
}
const drainedMs = clock.now() - start;
dropRequestLogs();
const puts = asanaPuts - asana.throttled();
const floorMin = ISSUES / ASANA_RPM;
console.log(
  `\nbacklog: ${ISSUES} changed issues, Asana limited to ${ASANA_RPM} requests per rolling minute (virtual time)`,
);
console.table({
  'drain time (min)': (drainedMs / 60_000).toFixed(2),
  "the limit's floor (min)": floorMin.toFixed(2),
  'drain / floor': (drainedMs / 60_000 / floorMin).toFixed(3),
  '429s provoked': asana.throttled(),
  'Asana requests (all)': asanaRequests,
  'writes per changed task': (puts / ISSUES).toFixed(3),
  'real time to run (s)': ((performance.now() - realStart) / 1000).toFixed(1),
});
// What the store holds per delivery, and what retention gives back once the deliveries are old.
const storeBytes = () =>
  [world.file, `${world.file}-wal`].reduce((sum, f) => sum + (existsSync(f) ? statSync(f).size : 0), 0);
await world.db.run(sql`PRAGMA wal_checkpoint(TRUNCATE)`);
const withJobs = storeBytes();
clock.advance((config.sync.retainDays + 1) * 86_400_000);
await pruneDoneJobs(world.db, clock.now() - config.sync.retainDays * 86_400_000);
await world.db.run(sql`VACUUM`);
await world.db.run(sql`PRAGMA wal_checkpoint(TRUNCATE)`);
const pruned = storeBytes();
console.log(
  `retained heap after a full GC / RSS (MiB), by jobs run: ${retained
    .map((r) => `${r.done}: ${r.heapMiB.toFixed(0)} / ${r.rssMiB.toFixed(0)}`)
    .join('; ')}${(globalThis as { gc?: unknown }).gc ? '' : ' (run with --expose-gc for the retained heap)'}`,
);
console.table({
  'peak RSS (MiB)': (process.resourceUsage().maxRSS / 1024).toFixed(0),
  'store after the drain (KiB)': (withJobs / 1024).toFixed(0),
  'store per delivery, links included (bytes)': (withJobs / ISSUES).toFixed(0),
  'store after retention pruned the deliveries (KiB)': (pruned / 1024).toFixed(0),
  'pruned per delivery (bytes)': ((withJobs - pruned) / ISSUES).toFixed(0),
});
world.close();
