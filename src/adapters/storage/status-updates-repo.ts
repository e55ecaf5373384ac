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
