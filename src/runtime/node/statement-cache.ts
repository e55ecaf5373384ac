import { createRequire } from 'node:module';

/** Distinct statements kept per connection; the bridge's queries are far fewer. */
const MAX_STATEMENTS = 500;

interface NativeDatabase {
  prepare(sql: string): unknown;
}

/** Marks the driver's `prepare` once it reuses statements, so installing twice changes nothing. */
const REUSING = Symbol.for('jira-tracker-bridge.reusePreparedStatements');

/**
 * The embedded libSQL driver prepares every statement anew, and the native memory of a prepared
 * statement is not given back when its JavaScript object is collected
 * (tursodatabase/libsql-js#153): measured, the process grew by 4 KB a statement, gigabytes over a
 * long drain. So each connection keeps its prepared statements by SQL text (least recently used
 * out first) and reuses them. Safe: the driver runs a statement to the end synchronously before it
 * returns, and sets the same modes on it each time. Installed on the copy of `libsql` that
 * @libsql/client itself loads; once per process.
 */
export function reusePreparedStatements(): void {
  const fromClient = createRequire(createRequire(import.meta.url).resolve('@libsql/client'));
  const Database = fromClient('libsql') as { prototype: NativeDatabase & { [REUSING]?: true } };
  if (Database.prototype[REUSING]) return;
  Database.prototype[REUSING] = true;
  const prepare = Database.prototype.prepare;
  const caches = new WeakMap<NativeDatabase, Map<string, unknown>>();
  Database.prototype.prepare = function (this: NativeDatabase, sql: string) {
    let cache = caches.get(this);
    if (!cache) caches.set(this, (cache = new Map()));
    let statement = cache.get(sql);
    if (statement === undefined) {
      statement = prepare.call(this, sql);
      if (cache.size >= MAX_STATEMENTS) cache.delete(cache.keys().next().value!);
    } else cache.delete(sql);
    cache.set(sql, statement);
    return statement;
  };
}
