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
import { parseEnv } from '../../src/platform/config/env';
import { buildContext } from '../../src/runtime/build-context';
import { insertJobs } from '../../src/adapters/storage/jobs-repo';
import { jobHandlers } from '../../src/runtime/job-handlers';
import { deliveryJob, type DeliverySource } from '../../src/flows/jobs/delivery-job';
import { runNextJob } from '../../src/work/run-job';
import { CREDENTIALS, standInEnv } from '../support/seed';
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
  // Jobs run when the bench says so: dispatching does nothing.
  const ctx = buildContext({
    env: parseEnv(standInEnv()),
    rawEnv: standInEnv(),
    config,
    db: database.db,
    clock,
    log: silentLogger,
    dispatcher: { dispatch() {} },
  });
  return {
    ctx,
    /** The embedded database's file (its -wal beside it). */
    file: join(dir, 'bench.db'),
    /** Runs due jobs (of one kind, if given) until none is due. */
    async runDue(kind?: string) {
      while ((await runNextJob(ctx, jobHandlers, kind ? { kinds: [kind] } : {})).ran);
    },
    /** Stores a Jira delivery for an issue, as intake would. */
    async deliver(
      key: string,
      issue: { id: string; key: string },
      at: number,
      source: DeliverySource = 'jira',
      actor: string | null = null,
    ) {
      const job = deliveryJob(key, {
        source,
        event: 'jira:issue_updated',
        issueId: issue.id,
        issueKey: issue.key,
        eventAt: at,
        actor,
        actorId: null,
      });
      await insertJobs(database.db, [job], at, at);
    },
    db: database.db,
    async close() {
      server.close();
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
