import { and, inArray, type SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable, SQLiteUpdateSetSource } from 'drizzle-orm/sqlite-core';
import type { Db } from './database';

/**
 * Claims one row: the first by `orderBy` among those matching `claimable`, updated with `set`
 * in a single UPDATE that re-checks `claimable`, so two workers never claim the same row.
 * The inboxes (deliveries, notices, tracker events) all claim this way before a side effect.
 */
export async function claimOne<T extends SQLiteTable>(
  db: Db,
  table: T,
  id: SQLiteColumn,
  claimable: SQL | undefined,
  orderBy: SQL[],
  set: SQLiteUpdateSetSource<T>,
): Promise<T['$inferSelect'] | undefined> {
  const next = db
    .select({ id })
    .from(table as SQLiteTable)
    .where(claimable)
    .orderBy(...orderBy)
    .limit(1);
  const rows = (await db
    .update(table)
    .set(set)
    .where(and(inArray(id, next), claimable))
    .returning()) as Array<T['$inferSelect']>;
  return rows[0];
}
