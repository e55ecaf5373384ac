import { eq } from 'drizzle-orm';
import type { Db } from './database';
import { statusDigests, type StatusDigestRow } from './schema';

export type NewDigest = Pick<StatusDigestRow, 'statusUpdateId' | 'userId' | 'taskId' | 'jiraKeys' | 'text'>;

/** Claims the digests of an update (one per person; those claimed already stay as they are). */
export async function claimDigests(db: Db, digests: readonly NewDigest[], now: number): Promise<void> {
  for (const d of digests)
    await db
      .insert(statusDigests)
      .values({ ...d, status: 'pending', createdAt: now })
      .onConflictDoNothing();
}

export async function digestsOf(db: Db, statusUpdateId: number): Promise<StatusDigestRow[]> {
  return db.select().from(statusDigests).where(eq(statusDigests.statusUpdateId, statusUpdateId));
}

export async function findDigest(db: Db, id: number): Promise<StatusDigestRow | undefined> {
  const [row] = await db.select().from(statusDigests).where(eq(statusDigests.id, id));
  return row;
}

export async function settleDigest(
  db: Db,
  id: number,
  outcome: { status: 'sent' | 'failed'; commentId?: string; at: number },
): Promise<void> {
  await db
    .update(statusDigests)
    .set({ status: outcome.status, commentId: outcome.commentId ?? null, sentAt: outcome.at })
    .where(eq(statusDigests.id, id));
}
