// `npm run demo`: the bridge end to end on this machine, against local stand-ins for Jira and
// Asana on loopback. A request is linked, an engineer works the Jira issue, and after each
// step the Asana task is printed as a stakeholder would see it.
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createJsonLogger } from '../src/platform/log/logger';
import { systemClock } from '../src/platform/clock/clock';
import { buildNodeRuntime } from '../src/runtime/node/build-node-runtime';
import { listenOnLoopback } from '../src/runtime/node/listen-loopback';
import { createJobPump } from '../src/runtime/node/job-pump';
import { startServer } from '../src/runtime/node/start-server';
import { createDemoWorld, DEMO_CREDENTIALS, DEMO_TASK_GID } from './demo-world';
import { printTask } from './print-task';

const dir = mkdtempSync(join(tmpdir(), 'bridge-demo-'));
const secret = randomBytes(16).toString('hex');
const adminToken = randomBytes(16).toString('hex');
let now = Date.now();

const world = createDemoWorld('http://jira.local', now);
const jira = await listenOnLoopback((r) => world.jira.app.fetch(r));
const asana = await listenOnLoopback((r) => world.asana.app.fetch(r));
const logLines: string[] = [];
const logger = createJsonLogger((line) => logLines.push(line));
const pump = createJobPump();
const runtime = await buildNodeRuntime(
  {
    DATABASE_URL: `file:${join(dir, 'demo.db')}`,
    JIRA_BASE_URL: jira.url,
    JIRA_EMAIL: DEMO_CREDENTIALS.jiraEmail,
    JIRA_API_TOKEN: DEMO_CREDENTIALS.jiraToken,
    ASANA_BASE_URL: `${asana.url}/api/1.0`,
    ASANA_ACCESS_TOKEN: DEMO_CREDENTIALS.asanaToken,
    JIRA_WEBHOOK_SECRET: secret,
    ADMIN_TOKEN: adminToken,
    BRIDGE_CONFIG: process.env.BRIDGE_CONFIG,
  },
  systemClock,
  logger,
  pump,
);
const bridge = await startServer(runtime, pump, 0);
const base = `http://127.0.0.1:${bridge.port}`;

console.log(
  `\njira-tracker-bridge demo\n  bridge on ${base}, Jira stand-in on ${jira.url}, Asana stand-in on ${asana.url}`,
);
console.log(`  config: ${process.env.BRIDGE_CONFIG ?? 'config/bridge.config.json'}; data: ${dir}\n`);

let before = world.asana.displayValues(DEMO_TASK_GID);
const show = (title: string) => {
  const after = world.asana.displayValues(DEMO_TASK_GID);
  printTask(title, 'Checkout redesign', before, after);
  before = after;
};

const dana = { displayName: 'Dana Developer', accountId: '5b10a2844c20165700ede21g' };
async function engineer(
  what: string,
  items: Array<{ field: string; fromString: string | null; toString: string | null }>,
  mutate: (f: Record<string, unknown>) => void,
) {
  now += 60_000;
  const body = JSON.stringify(world.jira.change('ABC-101', now, dana, items, mutate));
  const res = await fetch(`${base}/webhooks/jira`, {
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/json',
      'x-hub-signature': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
      'x-atlassian-webhook-identifier': randomBytes(8).toString('hex'),
    },
  });
  if (res.status !== 200) throw new Error(`webhook answered ${res.status}: ${await res.text()}`);
  await settled();
  show(what);
}

/** Waits until the bridge has no pending delivery (it syncs after acknowledging). */
async function settled() {
  for (let i = 0; i < 200; i++) {
    const health = (await (await fetch(`${base}/health`)).json()) as { backlog: { pending: number } };
    if (health.backlog.pending === 0) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('the bridge did not settle in 5 s');
}

async function waitForComments(count: number) {
  for (let i = 0; i < 200; i++) {
    const comments = world.asana.comments(DEMO_TASK_GID);
    if (comments.length >= count) return comments;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('no comment was posted in 5 s');
}

try {
  const linked = await fetch(`${base}/admin/links`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ jiraKey: 'ABC-101', taskGid: DEMO_TASK_GID }),
  });
  if (linked.status !== 201) throw new Error(`linking answered ${linked.status}: ${await linked.text()}`);
  show('1. The PM links the request to Jira issue ABC-101 (POST /admin/links)');

  const { status } = world;
  await engineer(
    '2. Dana starts work: To Do → In Progress, assigned to herself',
    [{ field: 'status', fromString: 'To Do', toString: 'In Progress' }],
    (f) => {
      f.status = status('In Progress', 'indeterminate');
      f.assignee = { displayName: 'Dana Developer', accountId: dana.accountId, emailAddress: 'dana@example.com' };
    },
  );
  await engineer(
    '3. Dana sets fix version 2026.12 and pulls it into Sprint 42',
    [{ field: 'Fix Version', fromString: null, toString: '2026.12' }],
    (f) => {
      f.fixVersions = [{ name: '2026.12' }];
      f.customfield_10020 = [
        {
          id: 42,
          name: 'Sprint 42',
          state: 'active',
          boardId: 1,
          startDate: '2026-11-16T09:00:00.000Z',
          endDate: '2026-11-30T17:00:00.000Z',
        },
      ];
    },
  );
  await engineer(
    '4. Dana opens a pull request: In Progress → In Review, reassigned to Sam for review',
    [{ field: 'status', fromString: 'In Progress', toString: 'In Review' }],
    (f) => {
      f.status = status('In Review', 'indeterminate');
      f.assignee = { displayName: 'Sam Reviewer', accountId: '5b10ac8d82e05b22cc7d4ef5' };
    },
  );
  await engineer(
    '5. Review takes longer: the due date moves and priority goes up',
    [{ field: 'duedate', fromString: '2026-12-18', toString: '2027-01-08' }],
    (f) => {
      f.duedate = '2027-01-08';
      f.priority = { name: 'High' };
    },
  );
  await engineer(
    '6. Merged and released: In Review → Done, resolution Fixed',
    [{ field: 'status', fromString: 'In Review', toString: 'Done' }],
    (f) => {
      f.status = status('Done', 'done');
      f.resolution = { name: 'Fixed' };
    },
  );

  const writes = world.asana.requests.filter((r) => r.method === 'PUT').length;
  // Steps 2-5 were held as one notice (3-minute quiet window); "Shipped" is urgent, so it goes out now.
  const comments = await waitForComments(1);
  console.log('▶ The stakeholders are told, in Asana, once (steps 2-6 coalesced into one comment):');
  for (const c of comments) console.log(`  💬 ${c.created_by.name}: ${c.text.replace(/\n/g, '\n     ')}`);
  console.log(
    `  followers now: ${world.asana.followers(DEMO_TASK_GID).length} (the requester was added when the request was linked)\n`,
  );
  console.log(
    `Done: 6 steps, ${writes} Asana writes (changed fields only), ${comments.length} comment. The stakeholders never opened Jira.\n`,
  );
} catch (err) {
  console.error(`demo failed: ${(err as Error).message}\nbridge logs:\n${logLines.join('\n')}`);
  process.exitCode = 1;
} finally {
  await bridge.close();
  jira.server.close();
  asana.server.close();
  rmSync(dir, { recursive: true, force: true });
}
