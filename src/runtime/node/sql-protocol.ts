// What the server's thread and the database's thread say to each other (sql-thread.ts, sql-worker.ts).

export type SqlValue = string | number | bigint | null | Uint8Array;

export interface SqlThreadOptions {
  /** The embedded database file. */
  path: string;
  busyTimeoutMs: number;
}

export type SqlRequest =
  /**
   * `first`: runs before the statements already waiting (storing new work, so an acknowledgement
   * never waits behind a sync).
   */
  { id: number; sql: string; params: SqlValue[]; first?: true } | { id: number; close: true };

export type SqlReply =
  | { id: number; rows: SqlValue[][]; columns: string[] }
  | { id: number; error: { message: string; code: string | undefined; rawCode: number | undefined } };
