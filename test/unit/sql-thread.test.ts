import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/libsql';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { preparedStatements } from '../../src/runtime/node/prepared-statements';
import { openSqlThread, SqlThreadError, type SqlThread } from '../../src/runtime/node/sql-thread';

// The embedded file is served by a thread of its own; the bridge must see exactly what the
// embedded client gave it before (raw rows by name, builder rows by position, errors with codes).
let dir: string;
let thread: SqlThread;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bridge-sql-thread-'));
  thread = await openSqlThread(join(dir, 'db.sqlite'));
  await thread.db.run(sql`CREATE TABLE t (id INTEGER PRIMARY KEY, k TEXT UNIQUE, v INTEGER, flag INTEGER)`);
});
afterEach(async () => {
  await thread.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the database thread', () => {
  it('answers as the embedded client does', async () => {
    const direct = drizzle(createClient({ url: `file:${join(dir, 'direct.sqlite')}` }));
    await direct.run(sql`CREATE TABLE t (id INTEGER PRIMARY KEY, k TEXT UNIQUE, v INTEGER, flag INTEGER)`);
    for (const db of [thread.db, direct]) {
      await db.run(sql`INSERT INTO t (k, v, flag) VALUES (${'a'}, ${2 ** 40}, ${true}), (${'b'}, ${null}, ${false})`);
    }
    const query = sql`SELECT id, k, v, flag, k AS again FROM t ORDER BY id`;
    expect(await thread.db.all(query)).toEqual(await direct.all(query));
    expect(await thread.db.all(query)).toEqual([
      { id: 1, k: 'a', v: 2 ** 40, flag: 1, again: 'a' },
      { id: 2, k: 'b', v: null, flag: 0, again: 'b' },
    ]);
    expect(await thread.db.get(sql`SELECT k FROM t WHERE id = ${2}`)).toEqual({ k: 'b' });
    const values = sql`SELECT id, k FROM t ORDER BY id`;
    expect((await thread.db.values<[number, string]>(values)).map((row) => [row[0], row[1]])).toEqual([
      [1, 'a'],
      [2, 'b'],
    ]);
  });

  it('hands an error back with its code, and goes on', async () => {
    await thread.db.run(sql`INSERT INTO t (k) VALUES ('a')`);
    const failed = await thread.db.run(sql`INSERT INTO t (k) VALUES ('a')`).catch((err: Error) => err);
    expect(failed).toBeInstanceOf(Error);
    expect((failed as Error).cause).toBeInstanceOf(SqlThreadError);
    expect(((failed as Error).cause as SqlThreadError).code).toMatch(/^SQLITE_CONSTRAINT/);
    await thread.db.run(sql`INSERT INTO t (k) VALUES ('b')`);
    expect(await thread.db.all(sql`SELECT k FROM t ORDER BY k`)).toEqual([{ k: 'a' }, { k: 'b' }]);
  });

  it('runs statements in the order they were sent, and a `first` one before those waiting', async () => {
    const sent = Array.from({ length: 200 }, (_, i) => thread.db.run(sql`INSERT INTO t (k) VALUES (${`n${i}`})`));
    sent.push(thread.priorityDb.run(sql`INSERT INTO t (k) VALUES ('first')`));
    await Promise.all(sent);
    const rows = await thread.db.all<{ id: number; k: string }>(sql`SELECT id, k FROM t ORDER BY id`);
    const normal = rows.filter((r) => r.k !== 'first').map((r) => r.k);
    expect(normal).toEqual(Array.from({ length: 200 }, (_, i) => `n${i}`));
    // Sent last, run long before the last of the statements that were waiting.
    expect(rows.findIndex((r) => r.k === 'first')).toBeLessThan(150);
  });

  it('finishes what was sent before it closes, and refuses what comes after', async () => {
    // drizzle sends a query when it is awaited (`then`).
    const pending = thread.db.run(sql`INSERT INTO t (k) VALUES ('last')`).then(() => 'stored');
    const closed = thread.close();
    expect(await pending).toBe('stored');
    await closed;
    await expect(thread.db.all(sql`SELECT 1`)).rejects.toMatchObject({ cause: { message: 'the database is closed' } });
    thread = await openSqlThread(join(dir, 'db.sqlite'));
    expect(await thread.db.all(sql`SELECT k FROM t`)).toEqual([{ k: 'last' }]);
  });

  it('fails to open a file it cannot create', async () => {
    await expect(openSqlThread(join(dir, 'missing', 'dir', 'db.sqlite'))).rejects.toThrow();
  });
});

describe('prepared statements', () => {
  it('are prepared once per SQL text, the least recently used dropped first', () => {
    const prepared: string[] = [];
    const prepare = preparedStatements((text) => {
      prepared.push(text);
      return { text };
    }, 2);
    const a = prepare('A');
    expect(prepare('A')).toBe(a);
    prepare('B');
    prepare('A');
    prepare('C'); // drops B, used longest ago
    prepare('A');
    prepare('B');
    expect(prepared).toEqual(['A', 'B', 'C', 'B']);
  });
});
