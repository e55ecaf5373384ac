import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveWebhookSecret } from '../../src/adapters/storage/webhook-registrations-repo';
import { asanaResource } from '../support/jobs';
import { createHarness, type Harness } from '../support/harness';
import { hostileRequest, prng, type HostileRequest } from '../support/hostile-requests';
import { jiraFixture } from '../support/jira-fixtures';
import { useMsw } from '../support/msw';
import { PROJECT_GID, TASK_GID } from '../support/seed';

// Issue 10, "done means": 10,000 hostile requests (random bodies, headers and paths, with and
// without credentials) to every route. No 5xx; no row written by an unauthenticated request;
// memory back to its baseline afterwards.
const REQUESTS = 10_000;
const ASANA_SECRET = 'fuzz-asana-secret';
const server = useMsw();
let h: Harness;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapMiB = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

beforeAll(async () => {
  h = await createHarness(server);
  h.fakeJira.put(jiraFixture('issue_created-mattermost-1.json').issue);
  await saveWebhookSecret(h.db, asanaResource(PROJECT_GID), ASANA_SECRET, h.clock.now());
  expect((await h.admin('POST', '', { jiraKey: 'TES-41', taskGid: TASK_GID })).status).toBe(201);
});
afterAll(() => h.close());

/** SQLite's count of rows inserted, updated or deleted on the bridge's connection. */
const rowsChanged = async () => Number((await h.db.all<{ n: number }>(sql`SELECT total_changes() AS n`))[0]!.n);

async function send(request: HostileRequest): Promise<Response> {
  return h.app.request(request.path, {
    method: request.method,
    headers: request.headers,
    ...(request.body !== undefined && { body: request.body }),
  });
}

describe('10,000 hostile requests', () => {
  it('answer no 5xx, write nothing unauthenticated, and leave memory where it was', async () => {
    // The probe sees writes: a signed delivery stores a row.
    const probe = await rowsChanged();
    expect((await h.postJira(jiraFixture('issue_updated-mattermost-1.json'))).status).toBe(200);
    expect(await rowsChanged()).toBeGreaterThan(probe);

    const random = prng(20261201);
    for (let i = 0; i < 300; i++) await send(hostileRequest(random, ASANA_SECRET)); // warm-up
    const baseline = heapMiB();
    const statuses = new Map<number, number>();
    const serverErrors: string[] = [];
    const unauthenticatedWrites: string[] = [];
    let unauthenticated = 0;
    const started = performance.now();
    for (let i = 0; i < REQUESTS; i++) {
      const request = hostileRequest(random, ASANA_SECRET);
      const before = request.authenticated ? 0 : await rowsChanged();
      const res = await send(request);
      await res.arrayBuffer();
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status >= 500)
        serverErrors.push(
          `${res.status} ${request.method} ${request.path} ${JSON.stringify(request.headers)} ${request.body?.slice(0, 200)}`,
        );
      if (!request.authenticated) {
        unauthenticated++;
        if ((await rowsChanged()) !== before)
          unauthenticatedWrites.push(`${request.method} ${request.path} ${JSON.stringify(request.headers)}`);
      }
    }
    const seconds = (performance.now() - started) / 1000;
    const after = heapMiB();
    console.log(
      `fuzz: ${REQUESTS} requests (${unauthenticated} unauthenticated) in ${seconds.toFixed(1)} s; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}; ` +
        `5xx: ${serverErrors.length}; unauthenticated writes: ${unauthenticatedWrites.length}; heap ${baseline.toFixed(1)} -> ${after.toFixed(1)} MiB`,
    );
    expect(serverErrors.slice(0, 5)).toEqual([]);
    expect(unauthenticatedWrites.slice(0, 5)).toEqual([]);
    expect(unauthenticated).toBeGreaterThan(REQUESTS / 2);
    expect([...statuses.keys()].filter((s) => s < 300).length).toBeGreaterThan(0); // some got through
    expect(after - baseline).toBeLessThan(16);
  }, 300_000);
});
