import { and, eq } from 'drizzle-orm';
import type { Db } from './database';
import { relayedComments, type RelayedCommentRow } from './schema';

export type RelayDirection = RelayedCommentRow['direction'];

export interface RelaySource {
  direction: RelayDirection;
  mapping: string;
  sourceId: string;
}

export async function findRelay(db: Db, source: RelaySource): Promise<RelayedCommentRow | undefined> {
  return (
    await db
      .select()
      .from(relayedComments)
      .where(
        and(
          eq(relayedComments.direction, source.direction),
          eq(relayedComments.sourceId, source.sourceId),
          eq(relayedComments.mapping, source.mapping),
        ),
      )
  )[0];
}

/** Whether a comment is a copy the bridge posted (relayed from the other tool): never relayed back. */
export async function isRelayedCopy(db: Db, commentId: string): Promise<boolean> {
  const rows = await db
    .select({ id: relayedComments.id })
    .from(relayedComments)
    .where(eq(relayedComments.targetId, commentId))
    .limit(1);
  return rows.length > 0;
}

/**
 * Claims the relay of a comment before anything is posted, with its post marked as started; the
 * row that already holds the claim when there is one (the caller then looks at its state).
 */
export async function claimRelay(
  db: Db,
  source: RelaySource & { linkId: number; text: string },
  now: number,
): Promise<{ row: RelayedCommentRow; claimed: boolean }> {
  const [row] = await db
    .insert(relayedComments)
    .values({ ...source, state: 'posting', postStartedAt: now, createdAt: now, updatedAt: now })
    .onConflictDoNothing()
    .returning();
  if (row) return { row, claimed: true };
  return { row: (await findRelay(db, source))!, claimed: false };
}

/** The copy exists: its id, and the text it holds. */
export async function settleRelay(db: Db, id: number, targetId: string, text: string, now: number): Promise<void> {
  await db
    .update(relayedComments)
    .set({ targetId, text, state: 'posted', postStartedAt: null, updatedAt: now })
    .where(eq(relayedComments.id, id));
}

/** A post about to be sent again (after an interrupted one proved absent), or an edit about to be mirrored. */
export async function markRelayStarted(db: Db, id: number, now: number): Promise<void> {
  await db.update(relayedComments).set({ postStartedAt: now, updatedAt: now }).where(eq(relayedComments.id, id));
}

/** The post was refused outright: it did not land, and the next attempt posts without searching. */
export async function clearRelayStarted(db: Db, id: number): Promise<void> {
  await db.update(relayedComments).set({ postStartedAt: null }).where(eq(relayedComments.id, id));
}

export async function markRelayDeleted(db: Db, id: number, now: number): Promise<void> {
  await db.update(relayedComments).set({ state: 'deleted', updatedAt: now }).where(eq(relayedComments.id, id));
}
