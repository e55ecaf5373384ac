// The embedded database's own thread (started by sql-thread.ts). It holds the only connection the
// server uses and runs statements one at a time in the order they were sent, so the event loop
// that answers HTTP never waits for SQLite or for a sync to disk.
//
// Runs as it is written: Node strips its types (tests, tsx) or esbuild builds it beside the
// entries (dist). So its own imports name their files, extension included.
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import Database from 'libsql';
import { preparedStatements } from './prepared-statements.ts';
import type { SqlReply, SqlRequest, SqlThreadOptions, SqlValue } from './sql-protocol.ts';

const options = workerData as SqlThreadOptions;
const connection = new Database(options.path);
// WAL lets the CLI read and write while the server runs; the timeout rides out its short locks.
connection.exec('PRAGMA journal_mode = WAL');
connection.exec(`PRAGMA busy_timeout = ${options.busyTimeoutMs}`);

interface Prepared {
  statement: Database.Statement;
  /** The columns of a statement that returns rows; null for one that does not. */
  columns: string[] | null;
}
const prepare = preparedStatements<Prepared>((sql) => {
  const statement = connection.prepare(sql);
  if (!statement.reader) return { statement, columns: null };
  return { statement: statement.raw(true), columns: statement.columns().map((c) => c.name) };
});

function execute(request: Extract<SqlRequest, { sql: string }>): SqlReply {
  const { statement, columns } = prepare(request.sql);
  if (!columns) {
    statement.run(request.params);
    return { id: request.id, rows: [], columns: [] };
  }
  return { id: request.id, rows: statement.all(request.params) as SqlValue[][], columns };
}

function handle(request: SqlRequest): void {
  if ('close' in request) {
    connection.close();
    parentPort!.postMessage({ id: request.id, rows: [], columns: [] } satisfies SqlReply);
    parentPort!.close();
    return;
  }
  let reply: SqlReply;
  try {
    reply = execute(request);
  } catch (err) {
    const e = err as { message?: string; code?: string; rawCode?: number };
    reply = { id: request.id, error: { message: String(e.message ?? err), code: e.code, rawCode: e.rawCode } };
  }
  parentPort!.postMessage(reply);
}

// Everything sent so far is taken off the channel before each statement, so a statement marked
// `first` waits for at most the one running. Statements waiting together were sent without
// waiting for each other, so any order among them is one the callers could have seen.
const waiting: SqlRequest[] = [];
parentPort!.on('message', (request: SqlRequest) => {
  waiting.push(request);
  while (waiting.length) {
    for (let next; (next = receiveMessageOnPort(parentPort!));) waiting.push(next.message as SqlRequest);
    const first = waiting.findIndex((r) => 'first' in r);
    const [request] = waiting.splice(first >= 0 ? first : 0, 1);
    handle(request!);
    if ('close' in request!) return;
  }
});
