// Part of `npm run bench`: what the bridge's own intake costs per Jira delivery, without HTTP:
// verify, parse, classify and store (group-committed) 20,000 real bodies from 32 callers at once,
// on an embedded libSQL file, nothing syncing. The rest of an acknowledgement is the HTTP server's.
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { receiveJiraDelivery } from '../../src/flows/intake/receive-jira-delivery';
import { systemClock } from '../../src/platform/clock/clock';
import { createJsonLogger, silentLogger } from '../../src/platform/log/logger';
import { buildNodeRuntime } from '../../src/runtime/node/build-node-runtime';
import { jiraFixture } from '../support/jira-fixtures';
import { RAW_TEST_CONFIG } from '../support/seed';

const DELIVERIES = 20_000;
const CALLERS = 32;
const template = jiraFixture('issue_updated-mattermost-1.json');
const bodies = Array.from({ length: 100 }, (_, i) => {
  const body = structuredClone(template);
  Object.assign(body.issue, { id: String(20001 + i), key: `ABC-${i + 1}` });
  body.issue.fields.project.key = 'ABC';
  const raw = JSON.stringify(body);
  return { raw, signature: `sha256=${createHmac('sha256', 'bench').update(raw).digest('hex')}` };
});

async function run(logged: boolean): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-intake-'));
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ ...RAW_TEST_CONFIG, sync: {} }));
  const env = {
    DATABASE_URL: `file:${join(dir, 'b.db')}`,
    BRIDGE_CONFIG: join(dir, 'config.json'),
    JIRA_WEBHOOK_SECRET: 'bench',
  };
  // Log lines are formatted and written as on a server, to a sink that drops them.
  const log = logged ? createJsonLogger(() => undefined) : silentLogger;
  const runtime = await buildNodeRuntime(env, systemClock, log, { dispatch() {} });
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CALLERS }, async () => {
      while (next < DELIVERIES) {
        const n = next++;
        const body = bodies[n % bodies.length]!;
        const header = (name: string) =>
          name === 'x-hub-signature'
            ? body.signature
            : name === 'x-atlassian-webhook-identifier'
              ? `cost-${n}`
              : undefined;
        await receiveJiraDelivery(runtime.ctx, { rawBody: body.raw, header });
      }
    }),
  );
  const perDeliveryUs = ((performance.now() - started) * 1000) / DELIVERIES;
  await runtime.database.close();
  rmSync(dir, { recursive: true, force: true });
  return perDeliveryUs;
}

const logged = await run(true);
const silent = await run(false);
console.log(
  `\nIntake without HTTP (${DELIVERIES} real issue_updated bodies, ${CALLERS} callers, 100 issues, embedded file): ` +
    `${logged.toFixed(0)} µs a delivery with its log line, ${silent.toFixed(0)} µs without (${process.version}).`,
);
