import { and, asc, desc, eq, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import { ConflictError } from '../../platform/errors/app-errors';
import type { FieldValues } from '../../engine/types';
import type { Db } from './database';
import { links, type LinkRow } from './schema';

export interface NewLink {
  /** The config mapping the link is made under (the top-level one, `default`, if not named). */
  mapping?: string;
  jiraIssueId: string;
  jiraKey: string;
  taskId: string;
}

/**
 * Inserts a link; a Jira issue or a task already linked under the same mapping is a
 * ConflictError naming the existing link.
 */
export async function insertLink(db: Db, input: NewLink, now: number): Promise<LinkRow> {
  const [row] = await db
    .insert(links)
    .values({ ...input, createdAt: now, updatedAt: now })
    .onConflictDoNothing()
    .returning();
  if (row) return row;
  const mapping = input.mapping ?? 'default';
  const byIssue = await findLinkByIssueId(db, input.jiraIssueId, mapping);
  const under = mapping === 'default' ? '' : ` under mapping "${mapping}"`;
  if (byIssue)
    throw new ConflictError(`${input.jiraKey} is already linked to task ${byIssue.taskId}${under}`, {
      link: publicLink(byIssue),
    });
  const byTask = await findLinkByTaskId(db, input.taskId, mapping);
  if (byTask)
    throw new ConflictError(`Task ${input.taskId} is already linked to ${byTask.jiraKey}${under}`, {
      link: publicLink(byTask),
    });
  throw new Error(`link ${input.jiraKey} -> ${input.taskId} neither inserted nor found`);
}

export async function findLinkByIssueId(db: Db, jiraIssueId: string, mapping: string): Promise<LinkRow | undefined> {
  return (
    await db
      .select()
      .from(links)
      .where(and(eq(links.jiraIssueId, jiraIssueId), eq(links.mapping, mapping)))
  )[0];
}

/** The issue's links under every mapping, oldest first. */
export async function findLinksByIssueId(db: Db, jiraIssueId: string): Promise<LinkRow[]> {
  return db.select().from(links).where(eq(links.jiraIssueId, jiraIssueId)).orderBy(asc(links.id));
}

export async function findLinkByTaskId(db: Db, taskId: string, mapping: string): Promise<LinkRow | undefined> {
  return (
    await db
      .select()
      .from(links)
      .where(and(eq(links.taskId, taskId), eq(links.mapping, mapping)))
  )[0];
}

export async function findLinkById(db: Db, id: number): Promise<LinkRow | undefined> {
  return (await db.select().from(links).where(eq(links.id, id)))[0];
}

/** The links of a Jira key, under one mapping or under every one. */
export async function findLinksByKey(db: Db, jiraKey: string, mapping?: string): Promise<LinkRow[]> {
  const byKey = eq(links.jiraKey, jiraKey.toUpperCase());
  return db
    .select()
    .from(links)
    .where(mapping === undefined ? byKey : and(byKey, eq(links.mapping, mapping)))
    .orderBy(asc(links.id));
}

export async function listLinks(db: Db): Promise<LinkRow[]> {
  return db.select().from(links).orderBy(asc(links.jiraKey));
}

/**
 * A page of active links, newest first; with `attention`, only those that need it: a write left
 * pending, never synced, or a delivery of `deliveryKind` for its issue still pending or failed.
 */
export async function linksPage(
  db: Db,
  filter: { mapping?: string | undefined; attention: boolean; deliveryKind: string },
  offset: number,
  limit: number,
): Promise<{ rows: LinkRow[]; total: number }> {
  const unfinished = sql`exists (select 1 from jobs j where j.kind = ${filter.deliveryKind}
    and j.group_key = ${links.jiraIssueId} and j.status in ('pending', 'failed'))`;
  const where = and(
    eq(links.state, 'active'),
    filter.mapping === undefined ? undefined : eq(links.mapping, filter.mapping),
    filter.attention ? or(isNotNull(links.pendingValues), isNull(links.lastSyncedAt), unfinished) : undefined,
  );
  const rows = await db.select().from(links).where(where).orderBy(desc(links.id)).limit(limit).offset(offset);
  const [count] = await db
    .select({ n: sql<number>`count(*)` })
    .from(links)
    .where(where);
  return { rows, total: Number(count?.n ?? 0) };
}

/** Records who asked for a task's request (every link of the task), as just read from the tracker. */
export async function recordRequesters(db: Db, taskId: string, names: readonly string[]): Promise<void> {
  await db
    .update(links)
    .set({ requesters: [...names] })
    .where(eq(links.taskId, taskId));
}

/** A mapping's active links whose requesters were never read, oldest first. */
export async function linksWithoutRequesters(db: Db, mapping: string, limit: number) {
  return db
    .select({ taskId: links.taskId, requesters: links.requesters })
    .from(links)
    .where(and(eq(links.mapping, mapping), eq(links.state, 'active'), isNull(links.requesters)))
    .orderBy(asc(links.id))
    .limit(limit);
}

/** How many links each mapping has, by name. */
export async function linksPerMapping(db: Db): Promise<Map<string, number>> {
  const rows = await db
    .select({ mapping: links.mapping, count: sql<number>`count(*)` })
    .from(links)
    .groupBy(links.mapping);
  return new Map(rows.map((r) => [r.mapping, Number(r.count)]));
}

export async function deleteLink(db: Db, id: number): Promise<void> {
  await db.delete(links).where(eq(links.id, id));
}

/**
 * Takes the link's sync lock for `leaseMs`; false when another worker holds it. Queue
 * consumers can run side by side, and two syncs of one issue must not interleave.
 */
export async function lockLinkForSync(db: Db, id: number, now: number, leaseMs: number): Promise<boolean> {
  const rows = await db
    .update(links)
    .set({ syncLockedUntil: now + leaseMs })
    .where(and(eq(links.id, id), or(isNull(links.syncLockedUntil), lt(links.syncLockedUntil, now))))
    .returning({ id: links.id });
  return rows.length > 0;
}

export async function unlockLink(db: Db, id: number): Promise<void> {
  await db.update(links).set({ syncLockedUntil: null }).where(eq(links.id, id));
}

/** After a crash of the only process using an embedded database, nobody holds a link lock. */
export async function releaseAllLinkLocks(db: Db): Promise<void> {
  await db.update(links).set({ syncLockedUntil: null });
}

/** Forgets what was written, so the next sync writes every mapped field (backfill --force). */
export async function forgetWritten(db: Db, id: number, now: number): Promise<void> {
  await db.update(links).set({ writtenValues: {}, issueUpdatedAt: null, updatedAt: now }).where(eq(links.id, id));
}

/** Records a write about to be sent, before it is sent: after a crash it says the task may hold it. */
export async function markWritePending(db: Db, id: number, pending: FieldValues, now: number): Promise<void> {
  await db.update(links).set({ pendingValues: pending, updatedAt: now }).where(eq(links.id, id));
}

export interface AppliedSync {
  written: FieldValues;
  issueUpdatedAt: number | null;
  jiraKey: string;
  state: LinkRow['state'];
  /** Why: recorded with the values, and copied by the audit trigger into each changed field's entry. */
  cause?: Record<string, unknown>;
}

/**
 * Records what the tracker now holds. The guard on `issue_updated_at` keeps a slower, older
 * sync from overwriting a newer one that finished first; it reports whether the row changed.
 */
export async function recordApplied(db: Db, id: number, applied: AppliedSync, now: number): Promise<boolean> {
  const guard =
    applied.issueUpdatedAt === null
      ? sql`1 = 1`
      : sql`(${links.issueUpdatedAt} IS NULL OR ${links.issueUpdatedAt} <= ${applied.issueUpdatedAt})`;
  const rows = await db
    .update(links)
    .set({
      writtenValues: applied.written,
      pendingValues: null,
      issueUpdatedAt: applied.issueUpdatedAt,
      jiraKey: applied.jiraKey,
      state: applied.state,
      lastSyncedAt: now,
      updatedAt: now,
      syncLockedUntil: null,
      lastCause: applied.cause ?? null,
    })
    .where(sql`${links.id} = ${id} AND ${guard}`)
    .returning({ id: links.id });
  return rows.length > 0;
}

/** A link as the admin API shows it. */
export function publicLink(row: LinkRow) {
  return {
    mapping: row.mapping,
    jiraKey: row.jiraKey,
    jiraIssueId: row.jiraIssueId,
    taskGid: row.taskId,
    state: row.state,
    createdAt: new Date(row.createdAt).toISOString(),
    lastSyncedAt: row.lastSyncedAt === null ? null : new Date(row.lastSyncedAt).toISOString(),
    fields: row.writtenValues,
  };
}
