import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from './database';
import { statusUpdates, type StatusUpdateRow } from './schema';

/** The row of a mapping's update for a period, created (claimed) by the first to ask. */
export async function claimStatusUpdate(
  db: Db,
  key: { mapping: string; periodStart: number; periodEnd: number },
  now: number,
): Promise<StatusUpdateRow> {
  await db
    .insert(statusUpdates)
    .values({ ...key, status: 'pending', createdAt: now })
    .onConflictDoNothing();
  const [row] = await db
    .select()
    .from(statusUpdates)
    .where(and(eq(statusUpdates.mapping, key.mapping), eq(statusUpdates.periodEnd, key.periodEnd)));
  return row!;
}

/** Fixes what the update says, once: a retry posts the same words. Returns the row as it now is. */
export async function freezeStatusUpdate(
  db: Db,
  id: number,
  content: { title: string; text: string; statusType: string },
): Promise<StatusUpdateRow> {
  await db
    .update(statusUpdates)
    .set({ ...content, status: 'sending' })
    .where(and(eq(statusUpdates.id, id), isNull(statusUpdates.title)));
  const [row] = await db.select().from(statusUpdates).where(eq(statusUpdates.id, id));
  return row!;
}

/**
 * Claims the post: sets `postStartedAt` to `at` only if it still holds `expected` (what this attempt
 * read), so of two attempts that overlap (a lease that ran out) only one posts. False if another did.
 */
export async function claimStatusPost(db: Db, id: number, expected: number | null, at: number): Promise<boolean> {
  const claimed = await db
    .update(statusUpdates)
    .set({ postStartedAt: at })
    .where(
      and(
        eq(statusUpdates.id, id),
        expected === null ? isNull(statusUpdates.postStartedAt) : eq(statusUpdates.postStartedAt, expected),
      ),
    )
    .returning({ id: statusUpdates.id });
  return claimed.length === 1;
}

/** A post refused outright did not land: the next attempt posts without searching. */
export async function releaseStatusPost(db: Db, id: number): Promise<void> {
  await db.update(statusUpdates).set({ postStartedAt: null }).where(eq(statusUpdates.id, id));
}

export async function settleStatusUpdate(
  db: Db,
  id: number,
  outcome: { status: 'sent' | 'failed'; trackerId?: string; at: number },
): Promise<void> {
  await db
    .update(statusUpdates)
    .set({ status: outcome.status, trackerId: outcome.trackerId ?? null, sentAt: outcome.at })
    .where(eq(statusUpdates.id, id));
}

/** The newest updates first, of one mapping or all. */
export async function recentStatusUpdates(db: Db, mapping: string | undefined, limit: number) {
  return db
    .select()
    .from(statusUpdates)
    .where(mapping === undefined ? undefined : eq(statusUpdates.mapping, mapping))
    .orderBy(desc(statusUpdates.periodEnd), desc(statusUpdates.id))
    .limit(limit);
}

export async function findStatusUpdate(db: Db, id: number): Promise<StatusUpdateRow | undefined> {
  const [row] = await db.select().from(statusUpdates).where(eq(statusUpdates.id, id));
  return row;
}
