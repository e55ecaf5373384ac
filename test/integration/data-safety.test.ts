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
      old.close();
      const upgraded = await openDatabase(`file:${file}`, undefined);
      expect(
        (await upgraded.db.select().from(links)).map((l) => [l.jiraKey, l.taskId]),
        `from ${idx}`,
      ).toEqual([['ABC-1', '1300000000000001']]);
      upgraded.close();
      expect(await shape(file), `from ${idx}`).toEqual(expected);
    }
    // Forward-only and idempotent: opening an up-to-date database again changes nothing.
    (await openDatabase(`file:${fresh}`, undefined)).close();
    expect(await shape(fresh)).toEqual(expected);
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
