// Part of `npm run bench`: start-up time and idle memory of the Node server, from the build
// (`npm start`) and from source through tsx (`npm run dev`), on a fresh embedded database each run.
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const RUNS = 5;
const IDLE_MS = 3_000;
execFileSync('npm', ['run', '-s', 'build'], { stdio: 'inherit' });

async function once(args: string[]): Promise<{ startMs: number; rssMiB: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'bridge-startup-'));
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH ?? '', PORT: '0', DATABASE_URL: `file:${join(dir, 'b.db')}` },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const startMs = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.includes('"bridge listening"')) resolve(performance.now() - started);
    });
  });
  await new Promise((r) => setTimeout(r, IDLE_MS));
  const rssKiB = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0);
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
  return { startMs, rssMiB: rssKiB / 1024 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(
  `\nNode server start-up (median of ${RUNS}, ${process.version}), fresh embedded database, nothing configured:`,
);
console.log('| run from | start to listening (ms) | RSS after 3 s idle (MiB) |\n|---|---|---|');
for (const [what, args] of [
  ['build (npm start)', ['--enable-source-maps', 'dist/runtime/node/server.js']],
  ['source via tsx (npm run dev)', ['--import', 'tsx', 'src/runtime/node/server.ts']],
] as const) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await once([...args]));
  console.log(
    `| ${what} | ${median(runs.map((r) => r.startMs)).toFixed(0)} | ${median(runs.map((r) => r.rssMiB)).toFixed(1)} |`,
  );
}
