// Part of `npm run bench`: how fast the real Node server (`npm start`'s build, on an embedded
// libSQL file) acknowledges signed Jira deliveries from 32 concurrent keep-alive senders, side by
// side with the barest Hono route on @hono/node-server. Senders, servers and upstream stand-ins
// each run in their own process; the bridge syncs what it takes (every issue is linked).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, copyFileSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { hubSignature } from '../support/sign';
import { jiraFixture } from '../support/jira-fixtures';
import { CREDENTIALS } from '../support/seed';

const SENDERS = Number(process.env.BENCH_SENDERS ?? 32);
const SECONDS = Number(process.env.BENCH_INGEST_SECONDS ?? 8);
const WARMUP_MS = 1_000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const ISSUES = 100;

execFileSync('npm', ['run', '-s', 'build'], { stdio: 'inherit' });
const tsx = ['--import', 'tsx'];

/** Spawns a process that prints one JSON line when ready; the rest of its output goes to `logFile`. */
async function startProcess(
  args: string[],
  env: Record<string, string>,
  ready: (line: Record<string, unknown>) => boolean,
) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-ingest-'));
  const logFile = join(dir, 'out.log');
  const out = openSync(logFile, 'w');
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', out, 'inherit'],
  });
  closeSync(out);
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode}`);
    const line = existsSync(logFile)
      ? readFileSync(logFile, 'utf8')
          .split('\n')
          .filter(Boolean)
          .filter((l) => l.startsWith('{'))
          .map((l) => JSON.parse(l) as Record<string, unknown>)
          .find(ready)
      : undefined;
    if (line) return { child, line, dir };
    if (Date.now() > deadline) throw new Error(`${args.join(' ')} did not start`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}
/** CPU time (user + system, all threads) the process has used, in ms (Linux clock ticks are 10 ms). */
const cpuMs = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
};
const peakRssMiB = (pid: number) =>
  Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

// The upstream stand-ins, and a database with every issue linked.
const worldProcess = spawn(process.execPath, [...tsx, 'test/bench/ingest/world.ts'], {
  env: { ...process.env, BENCH_ISSUES: String(ISSUES) },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const worldLine = await new Promise<string>((resolve) =>
  createInterface({ input: worldProcess.stdout! }).once('line', resolve),
);
const worldEnv = (JSON.parse(worldLine) as { env: Record<string, string> }).env;
const seededDb = worldEnv.DATABASE_URL!.slice('file:'.length);

// Real Jira bodies (a status change from shared/contracts), one per issue, signed once.
const template = jiraFixture('issue_updated-mattermost-1.json');
const bodies = Array.from({ length: ISSUES }, (_, i) => {
  const n = i + 1;
  const body = structuredClone(template);
  Object.assign(body.issue, {
    id: String(20000 + n),
    key: `ABC-${n}`,
    self: `https://example.atlassian.net/rest/api/2/issue/${20000 + n}`,
  });
  body.issue.fields.project.key = 'ABC';
  const raw = JSON.stringify(body);
  return { raw, signature: hubSignature(CREDENTIALS.webhookSecret, raw), length: String(Buffer.byteLength(raw)) };
});

let sequence = 0;
function post(agent: Agent, port: number): Promise<number> {
  const n = sequence++;
  const body = bodies[n % ISSUES]!;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/webhooks/jira',
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': body.length,
          'x-hub-signature': body.signature,
          'x-atlassian-webhook-identifier': `ingest-${process.pid}-${n}`,
        },
      },
      (res) => {
        res.resume();
        res.once('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.once('error', reject);
    req.end(body.raw);
  });
}

/** 32 senders, each sending its next delivery when the last is acknowledged. */
async function load(port: number, pid: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: SENDERS });
  const latencies: number[] = [];
  let failures = 0;
  const started = performance.now();
  const measureFrom = started + WARMUP_MS;
  const end = measureFrom + SECONDS * 1000;
  let cpuFrom = 0;
  const warm = setTimeout(() => (cpuFrom = cpuMs(pid)), WARMUP_MS);
  await Promise.all(
    Array.from({ length: SENDERS }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        const status = await post(agent, port);
        if (t < measureFrom) continue;
        if (status === 200) latencies.push(performance.now() - t);
        else failures++;
      }
    }),
  );
  const cpu = cpuMs(pid) - cpuFrom;
  clearTimeout(warm);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
  return {
    perSecond: latencies.length / SECONDS,
    p50: pct(50),
    p99: pct(99),
    failures,
    cpuPerAckUs: (cpu * 1000) / latencies.length,
  };
}

type Result = Awaited<ReturnType<typeof load>> & { rssMiB: number; backlog?: number };
const SERVERS = {
  bare: 'bare Hono route (@hono/node-server)',
  intake: 'bridge, intake only (no upstream credentials: jobs wait)',
  syncing: 'bridge, syncing as it takes deliveries',
} as const;
type Server = keyof typeof SERVERS;
const results: Record<Server, Result[]> = { bare: [], intake: [], syncing: [] };

async function measureBridge(round: number, syncing: boolean): Promise<Result> {
  // A fresh copy of the seeded database each time.
  const dbFile = `${seededDb}.${round}-${syncing}`;
  copyFileSync(seededDb, dbFile);
  const bridge = await startProcess(
    // BENCH_NODE_ARGS='--cpu-prof' profiles the bridge.
    [
      ...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
      '--enable-source-maps',
      'dist/runtime/node/server.js',
    ],
    {
      ...worldEnv,
      ...(!syncing && { JIRA_API_TOKEN: '', ASANA_ACCESS_TOKEN: '' }),
      DATABASE_URL: `file:${dbFile}`,
      PORT: '0',
    },
    (l) => l.msg === 'bridge listening',
  );
  const port = bridge.line.port as number;
  const measured = await load(port, bridge.child.pid!);
  const health = (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as { backlog: { pending: number } };
  const result = { ...measured, rssMiB: peakRssMiB(bridge.child.pid!), backlog: health.backlog.pending };
  await stop(bridge.child);
  rmSync(bridge.dir, { recursive: true, force: true });
  return result;
}

for (let round = 1; round <= ROUNDS; round++) {
  const bare = await startProcess([...tsx, 'test/bench/ingest/bare-hono.ts'], {}, (l) => l.msg === 'bridge listening');
  results.bare.push({
    ...(await load(bare.line.port as number, bare.child.pid!)),
    rssMiB: peakRssMiB(bare.child.pid!),
  });
  await stop(bare.child);
  rmSync(bare.dir, { recursive: true, force: true });
  results.intake.push(await measureBridge(round, false));
  results.syncing.push(await measureBridge(round, true));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const summary = (rs: Result[]) => ({
  perSecond: median(rs.map((r) => r.perSecond)),
  p50: median(rs.map((r) => r.p50)),
  p99: median(rs.map((r) => r.p99)),
  failures: rs.reduce((s, r) => s + r.failures, 0),
  rssMiB: Math.max(...rs.map((r) => r.rssMiB)),
  cpuPerAckUs: median(rs.map((r) => r.cpuPerAckUs)),
});
console.log(
  `\nIngest: signed Jira deliveries (${bodies[0]!.raw.length} B, a real issue_updated body, ${ISSUES} linked issues) from ${SENDERS} keep-alive senders, ${SECONDS} s after a 1 s warm-up, median of ${ROUNDS} rounds; senders, servers and stand-ins each in their own process (${process.version}):`,
);
console.log(
  '| server | acks/s | ratio to bare (range) | p50 ack (ms) | p99 ack (ms) | non-200 | server CPU per ack (µs) | peak RSS (MiB) |\n|---|---|---|---|---|---|---|---|',
);
// Each round's bridge against that round's bare route (the machine's speed drifts between rounds).
const ratios = (server: Server) => results[server].map((r, i) => r.perSecond / results.bare[i]!.perSecond);
const range = (xs: number[]) => (xs.length > 1 ? ` (${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)})` : '');
for (const server of Object.keys(SERVERS) as Server[]) {
  const s = summary(results[server]);
  console.log(
    `| ${SERVERS[server]} | ${s.perSecond.toFixed(0)} | ${median(ratios(server)).toFixed(2)}x${range(ratios(server))} | ${s.p50.toFixed(1)} | ${s.p99.toFixed(1)} | ${s.failures} | ${s.cpuPerAckUs.toFixed(0)} | ${s.rssMiB.toFixed(0)} |`,
  );
}
for (const server of ['intake', 'syncing'] as const)
  console.log(
    `${server}, per round: ${results[server].map((r, i) => `${ratios(server)[i]!.toFixed(2)}x p99 ${r.p99.toFixed(0)} ms`).join(', ')}`,
  );
console.log('Goal: bridge ≥ 0.25x the bare route (median of the rounds), p99 ack < 50 ms.');
await stop(worldProcess);
process.exit(0);
