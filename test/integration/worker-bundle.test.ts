import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unstable_dev, type Unstable_DevWorker } from 'wrangler';
import { CREDENTIALS, RAW_TEST_CONFIG } from '../support/seed';
import { hubSignature } from '../support/sign';

// The Worker as wrangler builds it for deploy (minified, with the aliases of wrangler.toml, which
// the workerd test pool does not apply), measured, and run in workerd through wrangler's own
// dev server: the slimmed bundle serves, and zod still speaks English.
const run = promisify(execFile);
const wrangler = (...args: string[]) =>
  run(process.execPath, ['node_modules/wrangler/bin/wrangler.js', ...args], {
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
    timeout: 120_000,
  });
const BUDGET_GZIP_KIB = 200;
let dir: string;
let worker: Unstable_DevWorker;
let coldStartMs: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bridge-worker-'));
  await wrangler('deploy', '--dry-run', '--outdir', join(dir, 'out'));
  await wrangler('d1', 'migrations', 'apply', 'jira-tracker-bridge', '--local', '--persist-to', join(dir, 'state'));
  const started = performance.now();
  worker = await unstable_dev('src/runtime/workers/worker.ts', {
    config: 'wrangler.toml',
    vars: {
      JIRA_WEBHOOK_SECRET: CREDENTIALS.webhookSecret,
      BRIDGE_CONFIG_JSON: JSON.stringify(RAW_TEST_CONFIG),
      LOG_LEVEL: 'silent',
    },
    persistTo: join(dir, 'state'),
    logLevel: 'error',
    experimental: { disableExperimentalWarning: true },
  });
  await (await worker.fetch('/health')).arrayBuffer();
  coldStartMs = performance.now() - started;
}, 240_000);

afterAll(async () => {
  await worker?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the deployed Worker bundle', () => {
  it(`is minified and within ${BUDGET_GZIP_KIB} KiB gzipped, without the mime database or zod's locales`, () => {
    const bundle = readFileSync(join(dir, 'out', 'worker.js'));
    const gzipKiB = gzipSync(bundle).length / 1024;
    console.log(
      `worker bundle: ${(bundle.length / 1024).toFixed(0)} KiB, ${gzipKiB.toFixed(1)} KiB gzipped; local workerd start to the first /health answer: ${coldStartMs.toFixed(0)} ms`,
    );
    expect(gzipKiB).toBeLessThan(BUDGET_GZIP_KIB);
    expect(bundle.toString('utf8')).not.toContain('application/vnd.');
    expect(bundle.toString('utf8')).not.toContain('Неверный'); // zod's Russian locale
  });

  it('serves, validates with zod (English messages) and verifies signatures', async () => {
    expect((await worker.fetch('/health')).status).toBe(200);
    const raw = JSON.stringify({ webhookEvent: 'jira:issue_updated', timestamp: 'yesterday' });
    const post = (signature: string) =>
      worker.fetch('/webhooks/jira', {
        method: 'POST',
        body: raw,
        headers: { 'content-type': 'application/json', 'x-hub-signature': signature },
      });
    const bad = await post(hubSignature(CREDENTIALS.webhookSecret, raw));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { problems: string[] } }).error.problems).toEqual([
      expect.stringMatching(/^timestamp: Invalid input: expected number, received string/),
    ]);
    expect((await post(hubSignature('wrong', raw))).status).toBe(401);
  });
});
