import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reusePreparedStatements } from '../../src/runtime/node/statement-cache';

// The embedded driver leaks the native memory of every statement it prepares, so the Node
// runtime reuses prepared statements (see statement-cache.ts); reuse must not change any answer.
let dir: string;
beforeEach(() => void (dir = mkdtempSync(join(tmpdir(), 'bridge-statements-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('reused prepared statements', () => {
  it('prepare each SQL text once per connection', () => {
    reusePreparedStatements();
    const fromClient = createRequire(createRequire(import.meta.url).resolve('@libsql/client'));
    const Database = fromClient('libsql') as new (path: string) => { prepare(sql: string): unknown; close(): void };
    const db = new Database(join(dir, 'identity.db'));
    expect(db.prepare('SELECT 1')).toBe(db.prepare('SELECT 1'));
    expect(db.prepare('SELECT 2')).not.toBe(db.prepare('SELECT 1'));
    db.close();
  });

  it('answer as fresh ones would, after a failed run and inside a transaction', async () => {
    reusePreparedStatements();
    const client = createClient({ url: `file:${join(dir, 'reuse.db')}` });
    await client.execute('CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER)');
    const insert = (k: string, v: number) =>
      client.execute({ sql: 'INSERT INTO t (k, v) VALUES (?, ?)', args: [k, v] });
    await insert('a', 1);
    await expect(insert('a', 2)).rejects.toThrow(/UNIQUE/);
    await insert('b', 3);
    const read = async (k: string) =>
      (await client.execute({ sql: 'SELECT v FROM t WHERE k = ?', args: [k] })).rows.map((r) => r.v);
    expect([await read('a'), await read('b'), await read('none')]).toEqual([[1], [3], []]);
    const tx = await client.transaction('write');
    await tx.execute({ sql: 'INSERT INTO t (k, v) VALUES (?, ?)', args: ['c', 4] });
    await tx.commit();
    expect(await read('c')).toEqual([4]);
    client.close();
  });
});
