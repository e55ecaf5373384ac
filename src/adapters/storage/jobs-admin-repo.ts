import { and, asc, desc, eq, inArray, isNull, lt, lte, min, sql } from 'drizzle-orm';
import type { Db } from './database';
import { claimable, noFreshJobAfter, type JobStatus } from './jobs-repo';
import { jobs, type JobRow } from './schema';

// The work queue as admins and sweeps see it: lists, dead letters, backlog, pruning.

/** Newest first, optionally of one kind and status. */
export async function listJobs(
  db: Db,
  filter: { kind?: string | undefined; status?: JobStatus | undefined },
  limit: number,
): Promise<JobRow[]> {
  return db
    .select()
    .from(jobs)
    .where(
      and(
        filter.kind ? eq(jobs.kind, filter.kind) : undefined,
        filter.status ? eq(jobs.status, filter.status) : undefined,
      ),
    )
    .orderBy(desc(jobs.id))
    .limit(limit);
}

/** Failed jobs (of one kind, and the given ones, or all) get fresh attempts; returns the ids requeued. */
export async function replayFailedJobs(
  db: Db,
  now: number,
  kind: string | undefined,
  ids?: readonly number[],
): Promise<Array<{ id: number; kind: string }>> {
  const rows = await db
    .update(jobs)
    .set({ status: 'pending', attempts: 0, runAt: now, lockedUntil: null, finishedAt: null, carriedBy: null })
    .where(
      and(
        eq(jobs.status, 'failed'),
        kind ? eq(jobs.kind, kind) : undefined,
        ids ? inArray(jobs.id, [...ids]) : undefined,
      ),
    )
    .returning({ id: jobs.id, kind: jobs.kind });
  return rows;
}

/** Drops a failed job for good (an admin decided it is not worth doing). */
export async function discardFailedJob(db: Db, id: number, kind: string | undefined): Promise<boolean> {
  const rows = await db
    .delete(jobs)
    .where(and(eq(jobs.id, id), eq(jobs.status, 'failed'), kind ? eq(jobs.kind, kind) : undefined))
    .returning({ id: jobs.id });
  return rows.length > 0;
}

export interface Backlog {
  pending: number;
  failed: number;
  oldestPendingCreatedAt: number | null;
}

/** Pending and failed jobs of one kind, and the oldest pending one's creation. */
export async function jobBacklog(db: Db, kind: string): Promise<Backlog> {
  const [row] = await backlogByKind(db, kind);
  return row ?? { pending: 0, failed: 0, oldestPendingCreatedAt: null };
}

/** The earliest time a pending job becomes due, so a worker can sleep until then. */
export async function nextRunAt(db: Db): Promise<number | null> {
  // A job whose group waits out a later fresh job's quiet period runs when that one is due; a
  // carried job runs with the job that carries it.
  const [row] = await db
    .select({ at: min(jobs.runAt) })
    .from(jobs)
    .where(and(eq(jobs.status, 'pending'), isNull(jobs.carriedBy), noFreshJobAfter(sql`${jobs.runAt}`)));
  return row?.at ?? null;
}

/** Drops finished jobs older than `before`; their keys only matter while an upstream may still redeliver. */
export async function pruneDoneJobs(db: Db, before: number): Promise<void> {
  await db.delete(jobs).where(and(eq(jobs.status, 'done'), lt(jobs.finishedAt, before)));
}

/** Unclaimed jobs overdue by more than `overdueMs`: their queue message was lost. */
export async function strandedJobs(db: Db, now: number, overdueMs: number, limit: number): Promise<number[]> {
  const rows = await db
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(claimable(now), isNull(jobs.carriedBy), lte(jobs.runAt, now - overdueMs)))
    .orderBy(asc(jobs.id))
    .limit(limit);
  return rows.map((r) => r.id);
}

/** Pending and failed jobs per kind (every kind, or one), with the oldest pending one's creation. */
export async function backlogByKind(db: Db, kind?: string): Promise<Array<Backlog & { kind: string }>> {
  const rows = await db
    .select({
      kind: jobs.kind,
      pending: sql<number>`sum(${jobs.status} = 'pending')`,
      failed: sql<number>`sum(${jobs.status} = 'failed')`,
      oldest: sql<number | null>`min(case when ${jobs.status} = 'pending' then ${jobs.createdAt} end)`,
    })
    .from(jobs)
    .where(and(inArray(jobs.status, ['pending', 'failed']), kind === undefined ? undefined : eq(jobs.kind, kind)))
    .groupBy(jobs.kind)
    .orderBy(asc(jobs.kind));
  return rows.map((r) => ({
    kind: r.kind,
    pending: Number(r.pending),
    failed: Number(r.failed),
    oldestPendingCreatedAt: r.oldest === null ? null : Number(r.oldest),
  }));
}

/** When the newest job of `kind` arrived (for deliveries: from Jira itself, not the bridge's own syncs). */
export async function lastArrivalAt(db: Db, kind: string, source?: string): Promise<number | null> {
  const [row] = await db
    .select({ at: sql<number | null>`max(${jobs.createdAt})` })
    .from(jobs)
    .where(and(eq(jobs.kind, kind), source ? sql`json_extract(${jobs.payload}, '$.source') = ${source}` : undefined));
  return row?.at ?? null;
}

/** The jobs of these groups (for deliveries: issue ids) that are pending or failed. */
export async function unfinishedJobsOfGroups(db: Db, kind: string, groups: readonly string[]): Promise<JobRow[]> {
  if (!groups.length) return [];
  return db
    .select()
    .from(jobs)
    .where(and(eq(jobs.kind, kind), inArray(jobs.groupKey, [...groups]), inArray(jobs.status, ['pending', 'failed'])));
}

/** A group's jobs (for deliveries: one issue's), newest first. */
export async function jobsOfGroup(db: Db, kind: string, group: string, limit: number): Promise<JobRow[]> {
  return db
    .select()
    .from(jobs)
    .where(and(eq(jobs.kind, kind), eq(jobs.groupKey, group)))
    .orderBy(desc(jobs.id))
    .limit(limit);
}
