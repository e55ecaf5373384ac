// The ingest bench's upstreams, in a process of their own: the Jira and Asana stand-ins on
// loopback (each call answered after BENCH_UPSTREAM_DELAY_MS), and a bridge database with every
// issue linked, so the bridge under test syncs while it takes deliveries. Prints the bridge's env.
import { writeFileSync } from 'node:fs';
import { insertLink } from '../../../src/adapters/storage/links-repo';
import { openDatabase } from '../../../src/runtime/node/open-database';
import { startLoopbackWorld } from '../../support/loopback-world';
import { RAW_TEST_CONFIG } from '../../support/seed';
import { benchIssue, benchTaskId } from '../bench-issue';

const ISSUES = Number(process.env.BENCH_ISSUES ?? 100);
const DELAY_MS = Number(process.env.BENCH_UPSTREAM_DELAY_MS ?? 50);

const slow = (handler: (r: Request) => Response | Promise<Response>) => async (r: Request) => {
  await new Promise((res) => setTimeout(res, DELAY_MS));
  return handler(r);
};
const numbers = Array.from({ length: ISSUES }, (_, i) => i + 1);
const world = await startLoopbackWorld({
  issues: numbers.map((n) => benchIssue(n, n % 2 ? 'In Progress' : 'In Review')),
  tasks: numbers.map((n) => ({ gid: benchTaskId(n), name: `Request ${n}` })),
  wrapJira: slow,
  wrapAsana: slow,
});
// The product's defaults for syncing (the test config turns the debounce off).
writeFileSync(
  world.env.BRIDGE_CONFIG!,
  JSON.stringify({ ...RAW_TEST_CONFIG, sync: JSON.parse(process.env.BENCH_SYNC ?? '{}') }),
);
const database = await openDatabase(world.env.DATABASE_URL, undefined);
for (const n of numbers) {
  await insertLink(
    database.db,
    { jiraIssueId: String(20000 + n), jiraKey: `ABC-${n}`, taskId: benchTaskId(n) },
    Date.now(),
  );
}
await database.close();
console.log(JSON.stringify({ env: world.env }));
process.once('SIGTERM', () => {
  world.close();
  process.exit(0);
});
