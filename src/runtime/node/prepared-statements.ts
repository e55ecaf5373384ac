/**
 * Prepared statements kept by SQL text, least recently used out first. The embedded driver does
 * not give back the native memory of a prepared statement when its object is collected
 * (tursodatabase/libsql-js#153; measured: 4 KB a statement, gigabytes over a long drain), so
 * each text is prepared once and reused. Safe because the database thread runs each statement
 * to its end before the next.
 */
export function preparedStatements<S>(prepare: (sql: string) => S, max = 500): (sql: string) => S {
  const kept = new Map<string, S>();
  return (sql) => {
    let statement = kept.get(sql);
    if (statement !== undefined) kept.delete(sql);
    else {
      statement = prepare(sql);
      if (kept.size >= max) kept.delete(kept.keys().next().value!);
    }
    kept.set(sql, statement);
    return statement;
  };
}
