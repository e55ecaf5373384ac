import { Worker } from 'node:worker_threads';
import type { Client, InStatement, ResultSet, Row, Value } from '@libsql/client';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/libsql';
import type { Db } from '../../adapters/storage/database';
import * as schema from '../../adapters/storage/schema';
import type { SqlReply, SqlRequest, SqlThreadOptions, SqlValue } from './sql-protocol';

/** An error SQLite raised, with the driver's code (`SQLITE_CONSTRAINT_UNIQUE`, ...). */
export class SqlThreadError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly rawCode: number | undefined,
  ) {
    super(message);
    this.name = 'SqlThreadError';
  }
}

export interface SqlThread {
  db: Db;
  /** The same database, its statements run before those already waiting: for storing new work. */
  priorityDb: Db;
  /** Runs every statement already sent, then closes the connection and ends the thread. */
  close(): Promise<void>;
}

// Beside this module in the sources (Node strips the types), beside the entry in dist.
const WORKER = import.meta.url.endsWith('.ts')
  ? new URL('./sql-worker.ts', import.meta.url)
  : new URL('./sql-worker.js', import.meta.url);

/** A request before the thread's channel numbers it. */
type Unsent<R> = R extends unknown ? Omit<R, 'id'> : never;

/** What @libsql/client would bind for a JavaScript value. */
function toSqlValue(value: unknown): SqlValue {
  if (value === undefined) throw new TypeError('undefined cannot be bound to a statement');
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.valueOf();
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  return value as SqlValue;
}

const VALUES = Symbol('values');
type ThreadRow = Row & { [VALUES]: Value[] };

/**
 * Rows as @libsql/client gives them: named columns that enumerate (drizzle reads raw queries by
 * name) and positions that do not (its query builder reads them by index). The positions live on
 * one prototype per column list, so a row costs one object, not a property definition per value.
 */
function rowMaker(columns: string[]): (values: Value[]) => Row {
  const prototype = {};
  Object.defineProperty(prototype, 'length', { value: columns.length });
  columns.forEach((_, i) =>
    Object.defineProperty(prototype, i, {
      get(this: ThreadRow) {
        return this[VALUES][i];
      },
    }),
  );
  const named = columns.map((column, i) => [column, i] as const).filter(([column], i) => columns.indexOf(column) === i);
  return (values) => {
    const row = Object.create(prototype) as ThreadRow;
    row[VALUES] = values;
    for (const [column, i] of named) row[column] = values[i]!;
    return row;
  };
}

/** What @libsql/client would return for a value: a number for an integer, an ArrayBuffer for a blob. */
const fromSql = (value: SqlValue): Value =>
  typeof value === 'bigint' ? Number(value) : value instanceof Uint8Array ? value.slice().buffer : value;

/** The one method of @libsql/client that drizzle calls for statements that stand alone. */
function resultSet(
  reply: Extract<SqlReply, { rows: unknown }>,
  rowMakers: Map<string, (values: Value[]) => Row>,
): ResultSet {
  const key = reply.columns.join('\u0000');
  let make = rowMakers.get(key);
  if (!make) rowMakers.set(key, (make = rowMaker(reply.columns)));
  const rows = reply.rows.map((values) => make(values.map(fromSql)));
  return {
    columns: reply.columns,
    columnTypes: [],
    rows,
    rowsAffected: 0,
    lastInsertRowid: undefined,
    toJSON: () => ({ columns: reply.columns, rows: reply.rows }),
  };
}

/**
 * The embedded file, served by a thread of its own (sql-worker.ts). The embedded driver is
 * synchronous: on the server's thread every statement, and every sync to disk, held back the HTTP
 * answers. Through the thread, statements run in the order they are sent, one at a time, on one
 * connection, and the server's thread only waits for the answer. Every statement of the bridge
 * stands alone (D1 has no interactive transactions), so nothing else changes for the callers.
 */
export async function openSqlThread(path: string, busyTimeoutMs = 5_000): Promise<SqlThread> {
  const workerData: SqlThreadOptions = { path, busyTimeoutMs };
  const worker = new Worker(WORKER, { workerData });
  const pending = new Map<number, { resolve(reply: SqlReply): void; reject(err: Error): void }>();
  let nextId = 0;
  let stopped: Error | undefined;
  let closing = false;

  // The thread keeps the process alive only while a statement is on its way.
  worker.unref();
  const stop = (err: Error) => {
    stopped ??= err;
    for (const call of pending.values()) call.reject(stopped);
    pending.clear();
  };
  worker.on('error', (err) => stop(new Error(`the database thread failed: ${err.message}`, { cause: err })));
  worker.on('exit', (code) =>
    stop(new Error(closing ? 'the database is closed' : `the database thread has stopped (exit code ${code})`)),
  );
  worker.on('message', (reply: SqlReply) => {
    const call = pending.get(reply.id);
    pending.delete(reply.id);
    if (pending.size === 0 && !closing) worker.unref();
    if ('error' in reply) call?.reject(new SqlThreadError(reply.error.message, reply.error.code, reply.error.rawCode));
    else call?.resolve(reply);
  });

  function send(request: Unsent<SqlRequest>): Promise<SqlReply> {
    if (stopped) return Promise.reject(stopped);
    return new Promise((resolve, reject) => {
      const id = nextId++;
      if (pending.size === 0) worker.ref();
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...request, id } as SqlRequest);
    });
  }

  const unsupported = (what: string) => () => {
    throw new Error(`${what} is not available on the database thread: the bridge's statements stand alone`);
  };
  // One row shape per column list the bridge's queries return.
  const rowMakers = new Map<string, (values: Value[]) => Row>();
  const client = (first: boolean) =>
    ({
      protocol: 'file',
      get closed() {
        return stopped !== undefined;
      },
      async execute(statement: InStatement) {
        const { sql: text, args = [] } = typeof statement === 'string' ? { sql: statement } : statement;
        if (!Array.isArray(args)) throw new TypeError('the database thread takes positional arguments');
        const reply = await send({ sql: text, params: args.map(toSqlValue), ...(first && { first: true as const }) });
        return resultSet(reply as Extract<SqlReply, { rows: unknown }>, rowMakers);
      },
      batch: unsupported('batch'),
      migrate: unsupported('migrate'),
      transaction: unsupported('transaction'),
      executeMultiple: unsupported('executeMultiple'),
      sync: unsupported('sync'),
      close: unsupported('close'),
      reconnect: unsupported('reconnect'),
    }) satisfies Client;
  const db: Db = drizzle(client(false), { schema });
  // Opening happens in the thread; a file that cannot be opened fails here, not at the first request.
  await db.get(sql`SELECT 1`);

  return {
    db,
    priorityDb: drizzle(client(true), { schema }),
    async close() {
      if (stopped || closing) return;
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      // Held until the thread has ended, so a CLI command's process waits for it.
      closing = true;
      worker.ref();
      await send({ close: true });
      await exited;
    },
  };
}
