import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from './database';
import type { statusDigests, statusUpdates } from './schema';

/** The tables whose rows are posted once to the tracker through `postOnce` (flows/report/post-once.ts). */
export type PostedTable = typeof statusUpdates | typeof statusDigests;

/**
 * Claims a row's post: sets `postStartedAt` to `at` only if it still holds `expected` (what this
 * attempt read), so of two attempts that overlap (a lease that ran out) only one posts.
 */
export async function claimPost(
  db: Db,
  table: PostedTable,
  id: number,
  expected: number | null,
  at: number,
): Promise<boolean> {
  const claimed = await db
    .update(table as typeof statusUpdates)
    .set({ postStartedAt: at })
    .where(and(eq(table.id, id), expected === null ? isNull(table.postStartedAt) : eq(table.postStartedAt, expected)))
    .returning({ id: table.id });
  return claimed.length === 1;
}

/** A post refused outright did not land: the next attempt posts without searching. */
export async function releasePost(db: Db, table: PostedTable, id: number): Promise<void> {
  await db
    .update(table as typeof statusUpdates)
    .set({ postStartedAt: null })
    .where(eq(table.id, id));
}
