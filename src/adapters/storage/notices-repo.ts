import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { FieldValues } from '../../engine/types';
import type { Db } from './database';
import { notices, type NoticeRow } from './schema';

/** A link's open notice (one per link: a task linked under two mappings has one for each). */
export async function findOpenNotice(db: Db, linkId: number): Promise<NoticeRow | undefined> {
  return (
    await db
      .select()
      .from(notices)
      .where(and(eq(notices.linkId, linkId), eq(notices.status, 'open')))
  )[0];
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
export async function holdChange(
  db: Db,
  change: HeldChange,
  dueAt: (row: { firstChangeAt: number; urgent: boolean }) => number,
): Promise<NoticeRow> {
  const open = await findOpenNotice(db, change.linkId);
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

/**
 * Marks a notice as being sent before anything is posted: from then on it takes no more changes
 * (they open a new notice). A crash leaves it `sending`; its job runs again and looks for the
 * comment before posting. A notice already sent or cancelled, or not due yet, is returned as it is.
 */
export async function startSending(db: Db, id: number, now: number): Promise<NoticeRow | undefined> {
  const [row] = await db
    .update(notices)
    .set({ status: 'sending', firstClaimedAt: sql`coalesce(${notices.firstClaimedAt}, ${now})` })
    // An open notice whose window grew after its job was claimed is left open (not due yet).
    .where(
      and(
        eq(notices.id, id),
        inArray(notices.status, ['open', 'sending', 'failed']),
        sql`(${notices.status} <> 'open' OR ${notices.dueAt} <= ${now})`,
      ),
    )
    .returning();
  return row ?? (await findNotice(db, id));
}

/** Freezes what the notice announces, so every attempt posts the same comment. */
export async function freezeAnnounced(db: Db, id: number, announced: FieldValues): Promise<void> {
  await db.update(notices).set({ announced }).where(eq(notices.id, id));
}

export async function settleNotice(
  db: Db,
  id: number,
  outcome: { status: 'sent'; commentId: string | null; at: number } | { status: 'cancelled' | 'failed'; at: number },
): Promise<void> {
  await db
    .update(notices)
    .set(
      outcome.status === 'sent'
        ? { status: 'sent', sentAt: outcome.at, commentId: outcome.commentId }
        : { status: outcome.status, sentAt: null },
    )
    .where(eq(notices.id, id));
}

export async function findNotice(db: Db, id: number): Promise<NoticeRow | undefined> {
  return (await db.select().from(notices).where(eq(notices.id, id)))[0];
}

export async function listNotices(db: Db, taskId?: string): Promise<NoticeRow[]> {
  return db
    .select()
    .from(notices)
    .where(taskId ? eq(notices.taskId, taskId) : undefined)
    .orderBy(asc(notices.id));
}

/** A removed link takes its held notices with it (a new link to the task starts afresh). */
export async function cancelOpenNotices(db: Db, linkId: number): Promise<void> {
  await db
    .update(notices)
    .set({ status: 'cancelled', sentAt: null })
    .where(and(eq(notices.linkId, linkId), eq(notices.status, 'open')));
}

/** The comments already credited to this task's sent notices: an earlier notice's comment is not proof for another. */
export async function sentCommentIds(db: Db, taskId: string): Promise<string[]> {
  const rows = await db
    .select({ id: notices.commentId })
    .from(notices)
    .where(and(eq(notices.taskId, taskId), eq(notices.status, 'sent')));
  return rows.map((r) => r.id).filter((id): id is string => !!id);
}

/** Recorded just before the comment is posted: a notice found with it set may have been posted already. */
/** The post is about to be sent, with these words to these people (the audit entry copies them). */
export async function markPostStarted(
  db: Db,
  id: number,
  at: number,
  posted: { text: string; recipients: string[] },
): Promise<void> {
  await db
    .update(notices)
    .set({ postStartedAt: at, text: posted.text, recipients: posted.recipients })
    .where(eq(notices.id, id));
}

/** The tracker refused the post outright (it did not land): the next attempt need not look for it. */
export async function clearPostStarted(db: Db, id: number): Promise<void> {
  await db.update(notices).set({ postStartedAt: null }).where(eq(notices.id, id));
}
