import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJsonc } from '../../src/platform/config/parse-jsonc';
import { BUNDLED_CONFIG_MODULE, bundledConfigSource } from '../../src/runtime/node/tools/bundled-config-source';
import { startChildBridge } from '../support/child-bridge';
import { startLoopbackWorld, type LoopbackWorld } from '../support/loopback-world';
import { runCli } from '../support/run-cli';
import { PROJECT_GID, RAW_TEST_CONFIG } from '../support/seed';

const run = promisify(execFile);
let world: LoopbackWorld;

beforeAll(async () => {
  world = await startLoopbackWorld({ issues: [], tasks: [] });
});
afterAll(() => world.close());

async function server(env: Record<string, string>) {
  try {
    await run(process.execPath, ['--import', 'tsx', 'src/runtime/node/server.ts'], {
      env: { PATH: process.env.PATH ?? '', ...world.env, LOG_LEVEL: 'silent', ...env },
      timeout: 20_000,
    });
    return { code: 0, stderr: '' };
  } catch (err) {
    const e = err as { code: number; stderr: string };
    return { code: e.code, stderr: e.stderr };
  }
}

describe('the built artefact', () => {
  it('npm run build emits plain JavaScript that serves, without tsx', async () => {
    await run('npm', ['run', '-s', 'build'], { env: { PATH: process.env.PATH ?? '' } });
    const bridge = await startChildBridge(world.env, ['--enable-source-maps', 'dist/runtime/node/server.js']);
    try {
      expect((await fetch(`${bridge.url}/health`)).status).toBe(200);
    } finally {
      await bridge.kill('SIGTERM');
    }
  });
});

describe('starting the server', () => {
  it('reads a config with comments and trailing commas (JSONC), as the README shows it', async () => {
    const path = join(world.dir, 'commented.json');
    const text = JSON.stringify(RAW_TEST_CONFIG, null, 2)
      .replace('{', '{\n  // the master tracker and its mapping\n')
      .replace(/\n}$/, ',\n}');
    writeFileSync(path, text);
    const bridge = await startChildBridge({ ...world.env, BRIDGE_CONFIG: path });
    try {
      expect((await fetch(`${bridge.url}/health`)).status).toBe(200);
    } finally {
      await bridge.kill('SIGTERM');
    }
  });

  it('reports a syntax error in the config by line and column', async () => {
    const path = join(world.dir, 'broken.jsonc');
    writeFileSync(path, '{\n  // comment\n  "scope": { "projects": ["ABC"] }\n  "tracker": {}\n}\n');
    const res = await server({ BRIDGE_CONFIG: path });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('line 4, column 3: CommaExpected');
  });

  it('says in one line which port is taken and which variable sets it', async () => {
    const first = await startChildBridge(world.env);
    try {
      const port = new URL(first.url).port;
      const res = await server({ PORT: port });
      expect(res.code).toBe(1);
      expect(res.stderr.trim().split('\n')).toEqual([
        `Port ${port} is already in use: stop whatever listens there, or set PORT to another port (e.g. PORT=8788 npm start)`,
      ]);
    } finally {
      await first.kill('SIGTERM');
    }
  });
});

describe('asana-webhook register from the CLI, with the server running', () => {
  it("opens the handshake window in the shared database, so the server accepts Asana's handshake; a forged one later is refused", async () => {
    const bridge = await startChildBridge(world.env);
    try {
      const res = await runCli(world.env, 'asana-webhook', 'register', PROJECT_GID, bridge.url);
      expect(res.stdout).toContain(
        `Asana webhook created for project ${PROJECT_GID} -> ${bridge.url}/webhooks/asana/${PROJECT_GID}`,
      );
      const forged = await fetch(`${bridge.url}/webhooks/asana/${PROJECT_GID}`, {
        method: 'POST',
        headers: { 'x-hook-secret': 'forged' },
      });
      expect(forged.status).toBe(403);
      const again = await runCli(world.env, 'asana-webhook', 'register', PROJECT_GID, bridge.url);
      expect(again.stdout).toContain('already registered');
      const replaced = await runCli(world.env, 'asana-webhook', 'register', PROJECT_GID, bridge.url, '--replace');
      expect(replaced.stdout).toContain(`Asana webhook replaced (new secret) for project ${PROJECT_GID}`);
      expect(world.asana.webhooks()).toHaveLength(1);
    } finally {
      await bridge.kill('SIGTERM');
    }
  });
});

describe('the Worker bundle', () => {
  it('bundles the config file exactly as it reads (regenerate with npm run check:config -- --bundle)', () => {
    const path = 'config/bridge.config.json';
    const generated = readFileSync(BUNDLED_CONFIG_MODULE, 'utf8');
    expect(generated).toBe(bundledConfigSource(parseJsonc(readFileSync(path, 'utf8'), path), path));
  });
});
