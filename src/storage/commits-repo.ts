import { eq, sql } from 'drizzle-orm';
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

export async function recordCreated(db: Db, taskId: string, issue: { id: string; key: string }, now: number): Promise<void> {
  await db.update(commits).set({ status: 'created', jiraIssueId: issue.id, jiraKey: issue.key, updatedAt: now }).where(eq(commits.taskId, taskId));
}

/** Claims the "Committed as …" comment: true for the one caller that may post it. */
export async function claimAnnouncement(db: Db, taskId: string, now: number): Promise<boolean> {
  const rows = await db.update(commits).set({ announced: true, updatedAt: now }).where(sql`${commits.taskId} = ${taskId} AND ${commits.announced} = 0`).returning({ taskId: commits.taskId });
  return rows.length > 0;
}

/** A withdrawn request may be committed again later: a new claim starts from scratch. */
export async function withdrawCommit(db: Db, taskId: string): Promise<void> {
  await db.delete(commits).where(eq(commits.taskId, taskId));
}
