import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

export interface ChildBridge {
  url: string;
  process: ChildProcess;
  logs: Array<Record<string, unknown>>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts the real Node entry (`npm start`'s server) as a child process and waits for it to listen. */
export async function startChildBridge(
  env: Record<string, string>,
  args = ['--import', 'tsx', 'src/runtime/node/server.ts'],
): Promise<ChildBridge> {
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH ?? '', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Array<Record<string, unknown>> = [];
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bridge did not start in 20 s: ${stderr}`)), 20_000);
    child.once('exit', (code) => reject(new Error(`bridge exited with ${code}: ${stderr}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const entry = JSON.parse(line) as Record<string, unknown>;
      logs.push(entry);
      if (entry.msg === 'bridge listening') {
        clearTimeout(timer);
        resolve(entry.port as number);
      }
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    process: child,
    logs,
    async kill(signal = 'SIGKILL') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill(signal);
      await exited;
    },
  };
}

/** Polls until `check` holds, failing after `timeoutMs`. */
export async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Signs in to a running bridge's console with `token`; returns the session cookie to send (`name=value`). */
export async function consoleCookie(bridgeUrl: string, token: string): Promise<string> {
  const res = await fetch(`${bridgeUrl}/console/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
    body: new URLSearchParams({ token }),
  });
  const cookie = res.headers.get('set-cookie')?.split(';')[0];
  if (res.status !== 303 || !cookie) throw new Error(`console sign-in answered ${res.status}`);
  return cookie;
}
