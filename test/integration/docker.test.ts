import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// The image builds where a Docker engine runs; elsewhere the build is skipped, with the reason
// printed, and the files are still checked for what the image promises.
const engine = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8', timeout: 10_000 });
const dockerReason = engine.error
  ? `no docker client (${engine.error.message})`
  : engine.status !== 0
    ? `no Docker engine: ${(engine.stderr || engine.stdout).trim().split('\n')[0]}`
    : null;
if (dockerReason) console.log(`docker.test.ts: skipping the image build: ${dockerReason}`);

const dockerfile = readFileSync('Dockerfile', 'utf8');

describe('the Docker image', () => {
  it('is multi-stage, runs the build as a non-root user with a health check, and keeps the database on a volume', () => {
    expect(dockerfile.match(/^FROM /gm)).toHaveLength(2);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n.*\/health/m);
    expect(dockerfile).toMatch(/^VOLUME \["\/data"\]$/m);
    expect(dockerfile).toContain('DATABASE_URL=file:/data/bridge.db');
    expect(dockerfile).toContain('CMD ["node", "--enable-source-maps", "dist/runtime/node/server.js"]');
    expect(dockerfile).toContain(`ARG NODE_VERSION=${readFileSync('.nvmrc', 'utf8').trim()}`);
    for (const [, from] of dockerfile.matchAll(/^COPY (?!--from)(\S+)/gm)) expect(existsSync(from!), from).toBe(true);
  });

  it('compose.yaml mounts the config read-only and the data on a volume, and stops gracefully', () => {
    const compose = parse(readFileSync('compose.yaml', 'utf8')) as {
      services: { bridge: { volumes: string[]; environment: Record<string, string>; stop_grace_period: string } };
      volumes: Record<string, unknown>;
    };
    const bridge = compose.services.bridge;
    expect(bridge.volumes).toEqual(['./config/bridge.config.json:/config/bridge.config.json:ro', 'bridge-data:/data']);
    expect(bridge.environment.BRIDGE_CONFIG).toBe('/config/bridge.config.json');
    expect(Object.keys(compose.volumes)).toEqual(['bridge-data']);
    expect(parseInt(bridge.stop_grace_period, 10)).toBeGreaterThan(8);
  });

  it.skipIf(dockerReason !== null)(
    'builds, and the container answers its health check',
    () => {
      execFileSync('docker', ['build', '-t', 'jira-tracker-bridge:test', '.'], { stdio: 'inherit', timeout: 900_000 });
      const id = execFileSync('docker', ['run', '-d', '-p', '127.0.0.1::8787', 'jira-tracker-bridge:test'], {
        encoding: 'utf8',
      }).trim();
      try {
        const port = execFileSync('docker', ['port', id, '8787/tcp'], { encoding: 'utf8' }).trim().split(':').pop();
        let healthy = false;
        for (let i = 0; i < 60 && !healthy; i++) {
          healthy =
            spawnSync('node', [
              '-e',
              `fetch('http://127.0.0.1:${port}/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`,
            ]).status === 0;
          if (!healthy) spawnSync('sleep', ['1']);
        }
        expect(healthy).toBe(true);
        expect(execFileSync('docker', ['exec', id, 'id', '-un'], { encoding: 'utf8' }).trim()).toBe('node');
      } finally {
        execFileSync('docker', ['rm', '-f', id]);
      }
    },
    1_000_000,
  );
});
