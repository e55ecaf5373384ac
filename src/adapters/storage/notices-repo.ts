import { and, asc, desc, eq, inArray, isNull, lt, lte, min, or, sql } from 'drizzle-orm';
import type { FieldValues } from '../../engine/types';
import { claimOne } from './claim-one';
import type { Db } from './database';
import { notices, type NoticeRow } from './schema';

export async function findOpenNotice(db: Db, taskId: string): Promise<NoticeRow | undefined> {
  return (await db.select().from(notices).where(and(eq(notices.taskId, taskId), eq(notices.status, 'open'))))[0];
}

/** When the task's last notice went out, for the one-per-window rule. */
export async function lastSentAt(db: Db, taskId: string): Promise<number | null> {
  const [row] = await db
    .select({ at: notices.sentAt })
    .from(notices)
    .where(and(eq(notices.taskId, taskId), eq(notices.status, 'sent')))
    .orderBy(desc(notices.sentAt))
    .limit(1);
  return row?.at ?? null;
}

export interface HeldChange {
  linkId: number;
  taskId: string;
  jiraKey: string;
  before: FieldValues;
  actors: string[];
  urgent: boolean;
  at: number;
}

/**
 * Holds a change in the task's open notice, creating it if needed. A field already held keeps
 * its first `before` (the baseline), so the notice ends up with the net change. `dueAt` is
 * computed by the caller from the merged timings.
 */
export async function holdChange(db: Db, change: HeldChange, dueAt: (row: { firstChangeAt: number; urgent: boolean }) => number): Promise<NoticeRow> {
  const open = await findOpenNotice(db, change.taskId);
  if (!open) {
    const timing = { firstChangeAt: change.at, urgent: change.urgent };
    const [row] = await db
      .insert(notices)
      .values({
        linkId: change.linkId,
        taskId: change.taskId,
        jiraKey: change.jiraKey,
        baseline: change.before,
        actors: change.actors,
        urgent: change.urgent,
        firstChangeAt: change.at,
        lastChangeAt: change.at,
        dueAt: dueAt(timing),
      })
      .returning();
    return row!;
  }
  const timing = { firstChangeAt: open.firstChangeAt, urgent: open.urgent || change.urgent };
  const [row] = await db
    .update(notices)
    .set({
      // A field already held keeps its first value; new fields follow in the order they changed.
      baseline: { ...(open.baseline as FieldValues), ...pickNew(open.baseline as FieldValues, change.before) },
      actors: [...new Set([...open.actors, ...change.actors])],
      urgent: timing.urgent,
      lastChangeAt: change.at,
      jiraKey: change.jiraKey,
      dueAt: dueAt(timing),
    })
    .where(eq(notices.id, open.id))
    .returning();
  return row!;
}

function pickNew(held: FieldValues, before: FieldValues): FieldValues {
  return Object.fromEntries(Object.entries(before).filter(([field]) => !(field in held)));
}

const claimable = (now: number) =>
  and(inArray(notices.status, ['open', 'sending']), lte(notices.dueAt, now), or(isNull(notices.lockedUntil), lt(notices.lockedUntil, now)));

/**
 * Claims a due notice before anything is posted: `sending`, one more attempt, locked for the
 * lease. A crash leaves it `sending`; once the lease runs out it is claimed again, and the
 * sender looks for the comment before posting.
 */
export async function claimDueNotice(db: Db, now: number, leaseMs: number, onlyId?: number): Promise<NoticeRow | undefined> {
  return claimOne(
    db,
    notices,
    notices.id,
    and(claimable(now), onlyId === undefined ? undefined : eq(notices.id, onlyId)),
    [asc(notices.dueAt)],
    { status: 'sending', attempts: sql`${notices.attempts} + 1`, lockedUntil: now + leaseMs, firstClaimedAt: sql`coalesce(${notices.firstClaimedAt}, ${now})` },
  );
}

/** Freezes what the notice announces, so every attempt posts the same comment. */
export async function freezeAnnounced(db: Db, id: number, announced: FieldValues): Promise<void> {
  await db.update(notices).set({ announced }).where(eq(notices.id, id));
}

export async function settleNotice(
  db: Db,
  id: number,
  outcome: { status: 'sent'; commentId: string | null; at: number } | { status: 'cancelled' | 'failed'; error?: string; at: number },
): Promise<void> {
  await db
    .update(notices)
    .set(
      outcome.status === 'sent'
        ? { status: 'sent', sentAt: outcome.at, commentId: outcome.commentId, lockedUntil: null, lastError: null }
        : { status: outcome.status, sentAt: null, lockedUntil: null, lastError: outcome.error ?? null },
    )
    .where(eq(notices.id, id));
}

/** Puts a claimed notice back for another try at `dueAt` (still `sending`: its comment is frozen). */
export async function retryNotice(db: Db, id: number, dueAt: number, error: string): Promise<void> {
  await db.update(notices).set({ dueAt, lockedUntil: null, lastError: error }).where(eq(notices.id, id));
}

export async function nextNoticeDueAt(db: Db): Promise<number | null> {
  const [row] = await db.select({ at: min(notices.dueAt) }).from(notices).where(inArray(notices.status, ['open', 'sending']));
  return row?.at ?? null;
}

export async function findNotice(db: Db, id: number): Promise<NoticeRow | undefined> {
  return (await db.select().from(notices).where(eq(notices.id, id)))[0];
}

export async function listNotices(db: Db, taskId?: string): Promise<NoticeRow[]> {
  return db.select().from(notices).where(taskId ? eq(notices.taskId, taskId) : undefined).orderBy(asc(notices.id));
}

/** A removed link takes its held notices with it (a new link to the task starts afresh). */
export async function cancelOpenNotices(db: Db, linkId: number): Promise<void> {
  await db
    .update(notices)
    .set({ status: 'cancelled', lastError: 'link removed', lockedUntil: null, sentAt: null })
    .where(and(eq(notices.linkId, linkId), eq(notices.status, 'open')));
}

/** After a crash of the only process using an embedded database, nobody holds a notice. */
export async function releaseAllNoticeLeases(db: Db): Promise<void> {
  await db.update(notices).set({ lockedUntil: null }).where(inArray(notices.status, ['open', 'sending']));
}

/** The comments already credited to this task's sent notices: an earlier notice's comment is not proof for another. */
export async function sentCommentIds(db: Db, taskId: string): Promise<string[]> {
  const rows = await db.select({ id: notices.commentId }).from(notices).where(and(eq(notices.taskId, taskId), eq(notices.status, 'sent')));
  return rows.map((r) => r.id).filter((id): id is string => !!id);
}

/** Recorded just before the comment is posted: a notice found with it set may have been posted already. */
export async function markPostStarted(db: Db, id: number, at: number): Promise<void> {
  await db.update(notices).set({ postStartedAt: at }).where(eq(notices.id, id));
}

/** The tracker refused the post outright (it did not land): the next attempt need not look for it. */
export async function clearPostStarted(db: Db, id: number): Promise<void> {
  await db.update(notices).set({ postStartedAt: null }).where(eq(notices.id, id));
}
