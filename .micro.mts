import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHmac } from 'node:crypto';
import { systemClock } from './src/platform/clock/clock';
import { createJsonLogger, silentLogger } from './src/platform/log/logger';
import { buildNodeRuntime } from './src/runtime/node/build-node-runtime';
import { receiveJiraDelivery } from './src/flows/intake/receive-jira-delivery';
import { RAW_TEST_CONFIG } from './test/support/seed';
import { jiraFixture } from './test/support/jira-fixtures';
const dir = mkdtempSync(join(tmpdir(), 'micro-'));
writeFileSync(join(dir, 'c.json'), JSON.stringify({ ...RAW_TEST_CONFIG, sync: {} }));
const env = { DATABASE_URL: `file:${join(dir, 'b.db')}`, BRIDGE_CONFIG: join(dir, 'c.json'), JIRA_WEBHOOK_SECRET: 's' };
const log = process.env.SILENT ? silentLogger : createJsonLogger((l) => process.stdout.write(l + '\n'));
const rt = await buildNodeRuntime(env, systemClock, log, { dispatch() {} });
const t = jiraFixture('issue_updated-mattermost-1.json');
const bodies = Array.from({ length: 100 }, (_, i) => { const b = structuredClone(t); b.issue.id = String(20001 + i); b.issue.key = `ABC-${i + 1}`; b.issue.fields.project.key = 'ABC'; const raw = JSON.stringify(b); return { raw, sig: 'sha256=' + createHmac('sha256', 's').update(raw).digest('hex') }; });
let n = 0;
const N = 20000;
const start = performance.now();
await Promise.all(Array.from({ length: 32 }, async () => {
  while (n < N) { const i = n++; const b = bodies[i % 100]!;
    await receiveJiraDelivery(rt.ctx, { rawBody: b.raw, header: (h) => h === 'x-hub-signature' ? b.sig : h === 'x-atlassian-webhook-identifier' ? `m-${i}` : undefined });
  }
}));
console.error(`${N} deliveries in ${(performance.now() - start).toFixed(0)} ms: ${((performance.now() - start) * 1000 / N).toFixed(0)} µs each`);
