import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { http } from 'msw';
import { setupServer } from 'msw/node';
import type { BridgeConfig } from '../../src/platform/config/schema';
import { silentLogger } from '../../src/platform/log/logger';
import { openDatabase } from '../../src/runtime/node/open-database';
import type { FakeAsana } from '../../demo/stand-ins/fake-asana';
import type { FakeJira } from '../../demo/stand-ins/fake-jira';
import { buildSyncDeps } from '../../src/runtime/build-sync-deps';
import { CREDENTIALS, standInEnv, virtualLimiterTime } from '../support/seed';
import type { TestClock } from '../support/test-clock';

/**
 * The bridge's sync path in-process for a benchmark: the given stand-ins behind msw, a libSQL
 * file, and everything on the test clock; waiting for a rate-limit token moves the clock, so
 * minutes of throttled draining take seconds.
 */
export async function startInProcessWorld(jira: FakeJira, asana: FakeAsana, config: BridgeConfig, clock: TestClock) {
  jira.useClock(() => clock.now());
  asana.useClock(() => clock.now());
  const server = setupServer(
    http.all(`${CREDENTIALS.jiraBaseUrl}/*`, ({ request }) => jira.app.fetch(request)),
    http.all(`${CREDENTIALS.asanaBaseUrl}/*`, ({ request }) => asana.app.fetch(request)),
  );
  server.listen({ onUnhandledRequest: 'error' });
  const dir = mkdtempSync(join(tmpdir(), 'bridge-bench-'));
  const database = await openDatabase(`file:${join(dir, 'bench.db')}`, undefined);
  const sync = buildSyncDeps(standInEnv(), config, database.db, clock, silentLogger, { limiterTime: virtualLimiterTime(clock) })!;
  return {
    sync,
    db: database.db,
    close() {
      server.close();
      database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
