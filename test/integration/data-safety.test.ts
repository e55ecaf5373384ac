import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/runtime/node/open-database';
import { links } from '../../src/adapters/storage/schema';
import { startChildBridge } from '../support/child-bridge';
import { startLoopbackWorld, type LoopbackWorld } from '../support/loopback-world';
import { runCli } from '../support/run-cli';
import { CREDENTIALS } from '../support/seed';

const journal = JSON.parse(readFileSync('migrations/meta/_journal.json', 'utf8')) as {
  entries: Array<{ idx: number; tag: string }>;
};

/** The migrations folder as the project shipped it after migration `last`. */
function migrationsUpTo(dir: string, last: number): string {
  const folder = join(dir, `migrations-${last}`);
  mkdirSync(join(folder, 'meta'), { recursive: true });
  const entries = journal.entries.filter((e) => e.idx <= last);
  for (const e of entries) cpSync(`migrations/${e.tag}.sql`, join(folder, `${e.tag}.sql`));
  writeFileSync(join(folder, 'meta/_journal.json'), JSON.stringify({ ...journal, entries }));
  return folder;
}

/** Every table's columns (name, type, not null, default) and every index, as SQLite reports them. */
async function shape(file: string) {
  const client = createClient({ url: `file:${file}` });
  const tables = (
    await client.execute(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
  ).rows.map((r) => String(r.name));
  const out: Record<string, unknown> = {};
  for (const t of tables)
    out[t] = (await client.execute(`PRAGMA table_info(${t})`)).rows.map((c) => [
      c.name,
      c.type,
      c.notnull,
      c.dflt_value,
    ]);
  out.indexes = (
    await client.execute(
      "SELECT name, tbl_name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name",
    )
  ).rows.map((r) => `${r.tbl_name}.${r.name}`);
  client.close();
  return out;
}

describe('migrations', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'bridge-migrations-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`upgrade a database from each of the ${journal.entries.length} shipped schema versions, keeping its data, to the schema of a fresh one`, async () => {
    const fresh = join(dir, 'fresh.db');
    (await openDatabase(`file:${fresh}`, undefined)).close();
    const expected = await shape(fresh);
    for (const { idx } of journal.entries.slice(0, -1)) {
      const file = join(dir, `from-${idx}.db`);
      const old = await openDatabase(`file:${file}`, undefined, migrationsUpTo(dir, idx));
      // A link as every version stored it (links exist since the first migration).
      await old.db.run(
        sql`INSERT INTO links (jira_issue_id, jira_key, task_id, written_values, created_at, updated_at) VALUES ('10040', 'ABC-1', '1300000000000001', '{}', 1, 1)`,
      );
      await old.close();
      const upgraded = await openDatabase(`file:${file}`, undefined);
      expect(
        (await upgraded.db.select().from(links)).map((l) => [l.jiraKey, l.taskId]),
        `from ${idx}`,
      ).toEqual([['ABC-1', '1300000000000001']]);
      await upgraded.close();
      expect(await shape(file), `from ${idx}`).toEqual(expected);
    }
    // Forward-only and idempotent: opening an up-to-date database again changes nothing.
    (await openDatabase(`file:${fresh}`, undefined)).close();
    expect(await shape(fresh)).toEqual(expected);
  });

  it('moves the work in flight into the one work queue (0006), keeping delivery ids and the webhook secret', async () => {
    const file = join(dir, 'before-jobs.db');
    const old = await openDatabase(`file:${file}`, undefined, migrationsUpTo(dir, 5));
    await old.db
      .run(sql`INSERT INTO deliveries (id, delivery_key, source, event, issue_id, issue_key, event_at, received_at,
      status, attempts, next_attempt_at, last_error) VALUES (41, 'jira:failed', 'jira', 'jira:issue_updated', '10040', 'ABC-1', 1, 1,
      'failed', 8, 1, 'HTTP 403'), (42, 'jira:pending', 'jira', 'jira:issue_updated', '10040', 'ABC-1', 2, 2, 'pending', 1, 5000, NULL)`);
    await old.db.run(
      sql`INSERT INTO tracker_events (event_key, task_id, action, received_at, next_attempt_at) VALUES ('e1', '1300', 'changed', 3, 3)`,
    );
    await old.db.run(
      sql`INSERT INTO tracker_webhooks (resource_id, secret, created_at) VALUES ('1200000000000001', 'kept', 1)`,
    );
    await old.db
      .run(sql`INSERT INTO notices (link_id, task_id, jira_key, status, baseline, actors, first_change_at, last_change_at,
      due_at, attempts) VALUES (1, '1300', 'ABC-1', 'sending', '{}', '[]', 4, 4, 9000, 2)`);
    await old.close();
    const upgraded = await openDatabase(`file:${file}`, undefined);
    const rows = await upgraded.db.all<{
      id: number;
      kind: string;
      key: string;
      status: string;
      attempts: number;
      run_at: number;
      source: string;
    }>(
      sql`SELECT id, kind, key, status, attempts, run_at, json_extract(payload, '$.source') AS source FROM jobs ORDER BY id`,
    );
    expect(rows).toEqual([
      { id: 41, kind: 'jira-delivery', key: 'jira:failed', status: 'failed', attempts: 8, run_at: 1, source: 'jira' },
      {
        id: 42,
        kind: 'jira-delivery',
        key: 'jira:pending',
        status: 'pending',
        attempts: 1,
        run_at: 5000,
        source: 'jira',
      },
      { id: 43, kind: 'tracker-event', key: 'asana:e1', status: 'pending', attempts: 0, run_at: 3, source: null },
      { id: 44, kind: 'notice', key: '1', status: 'pending', attempts: 2, run_at: 9000, source: null },
    ]);
    expect(await upgraded.db.all(sql`SELECT tracker, resource_id, secret FROM tracker_webhooks`)).toEqual([
      { tracker: 'asana', resource_id: '1200000000000001', secret: 'kept' },
    ]);
    await upgraded.close();
  });
});

describe('backup and restore', () => {
  let world: LoopbackWorld;
  beforeAll(async () => {
    world = await startLoopbackWorld({ issues: [], tasks: [] });
  });
  afterAll(() => world.close());

  const cli = (...args: string[]) => runCli(world.env, ...args);
  const userCount = async (url: string) => {
    const client = createClient({ url });
    const n = Number((await client.execute('SELECT count(*) AS n FROM user_map')).rows[0]!.n);
    client.close();
    return n;
  };

  it('backs up the live database while the server runs, and restores it', async () => {
    const bridge = await startChildBridge(world.env);
    const admin = (path: string, trackerUserId: string) =>
      fetch(`${bridge.url}/admin/users/${path}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${CREDENTIALS.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ trackerUserId }),
      });
    const backup = join(world.dir, 'backup.db');
    try {
      expect((await admin('acc-one', '1500000000000001')).status).toBe(200);
      const made = await cli('backup', backup);
      expect(made).toMatchObject({ code: 0, stdout: expect.stringContaining(`Backed up the database to ${backup}`) });
      expect((await cli('backup', backup)).stderr).toContain('exists: choose another file, or add --force');
      expect((await admin('acc-two', '1500000000000002')).status).toBe(200);
    } finally {
      await bridge.kill('SIGTERM');
    }
    expect(await userCount(world.env.DATABASE_URL!)).toBe(2);
    const restored = await cli('restore', backup);
    expect(restored.code).toBe(0);
    expect(restored.stdout).toContain('the previous database is kept as');
    expect(await userCount(world.env.DATABASE_URL!)).toBe(1);
    // The restored database serves.
    const again = await startChildBridge(world.env);
    expect((await fetch(`${again.url}/health`)).status).toBe(200);
    await again.kill('SIGTERM');
    expect((await cli('restore', join(world.dir, 'config.json'))).stderr).toMatch(
      /not a (readable SQLite database|backup of the bridge's database)/,
    );
  });
});
