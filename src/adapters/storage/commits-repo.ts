import { and, eq, isNotNull, sql } from 'drizzle-orm';
import type { Db } from './database';
import { commits, type CommitRow } from './schema';

/**
 * Claims the commit of a task before anything is created in Jira: the first claim inserts the
 * row, every later one (a retry, a duplicate event) counts another attempt on the same row.
 */
export async function claimCommit(db: Db, taskId: string, now: number): Promise<CommitRow> {
  const [row] = await db
    .insert(commits)
    .values({ taskId, status: 'creating', attempts: 1, updatedAt: now })
    .onConflictDoUpdate({ target: commits.taskId, set: { attempts: sql`${commits.attempts} + 1`, updatedAt: now } })
    .returning();
  return row!;
}

export async function findCommit(db: Db, taskId: string): Promise<CommitRow | undefined> {
  return (await db.select().from(commits).where(eq(commits.taskId, taskId)))[0];
}

export async function recordCreated(
  db: Db,
  taskId: string,
  issue: { id: string; key: string },
  now: number,
): Promise<void> {
  await db
    .update(commits)
    .set({ status: 'created', jiraIssueId: issue.id, jiraKey: issue.key, updatedAt: now })
    .where(eq(commits.taskId, taskId));
}

/** Claims the "Committed as …" comment: true for the one caller that may post it. */
export async function claimAnnouncement(db: Db, taskId: string, now: number): Promise<boolean> {
  const rows = await db
    .update(commits)
    .set({ announced: true, updatedAt: now })
    .where(sql`${commits.taskId} = ${taskId} AND ${commits.announced} = 0`)
    .returning({ taskId: commits.taskId });
  return rows.length > 0;
}

/** A withdrawn request keeps its Jira issue: committed again, it is linked back to the same one. */
export async function withdrawCommit(db: Db, taskId: string, now: number): Promise<void> {
  await db
    .update(commits)
    .set({ status: 'withdrawn', jiraNotice: null, updatedAt: now })
    .where(eq(commits.taskId, taskId));
}

/** Revives a withdrawn commit with its Jira issue (no new issue), to be announced and told again. */
export async function reviveCommit(db: Db, taskId: string, now: number): Promise<boolean> {
  const rows = await db
    .update(commits)
    .set({ status: 'created', announced: false, attempts: 0, jiraNotice: 'pending', updatedAt: now })
    .where(and(eq(commits.taskId, taskId), eq(commits.status, 'withdrawn'), isNotNull(commits.jiraIssueId)))
    .returning({ taskId: commits.taskId });
  return rows.length > 0;
}

/** Claims the reopen-and-comment of a re-commit: true for the one caller that may do it. */
export async function claimJiraNotice(db: Db, taskId: string, now: number): Promise<boolean> {
  const rows = await db
    .update(commits)
    .set({ jiraNotice: 'done', updatedAt: now })
    .where(and(eq(commits.taskId, taskId), eq(commits.jiraNotice, 'pending')))
    .returning({ taskId: commits.taskId });
  return rows.length > 0;
}

/** The revived issue is gone from Jira: the commit starts over and creates a new one. */
export async function forgetIssue(db: Db, taskId: string, now: number): Promise<void> {
  await db
    .update(commits)
    .set({ status: 'creating', jiraIssueId: null, jiraKey: null, jiraNotice: null, updatedAt: now })
    .where(eq(commits.taskId, taskId));
}
