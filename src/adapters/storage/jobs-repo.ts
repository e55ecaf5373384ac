import { and, asc, eq, inArray, isNotNull, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { claimOne } from './claim-one';
import type { Db } from './database';
import { jobs, type JobRow } from './schema';

export interface NewJob {
  kind: string;
  key: string;
  /** Jobs of one kind and group are claimed together (a burst of deliveries for one issue). */
  group?: string | null;
  payload: Record<string, unknown>;
}

export type JobStatus = JobRow['status'];

/** A group's jobs wait until none came for `quietMs`, at most `maxDelayMs` after the first. */
export interface Debounce {
  quietMs: number;
  maxDelayMs: number;
}

/**
 * Stores jobs in one statement (all or none), skipping any whose (kind, key) exists; with
 * `reschedule`, a pending one moves to `runAt` instead. The rows travel as one JSON parameter,
 * because D1 binds at most 100 parameters. Returns every job's id, and whether it was stored or
 * moved by this call (`scheduled`: false for a duplicate).
 */
export async function insertJobs(
  db: Db,
  input: readonly NewJob[],
  runAt: number,
  now: number,
  reschedule = false,
  debounce?: Debounce,
): Promise<Array<{ id: number; key: string; scheduled: boolean; runAt: number }>> {
  if (input.length === 0) return [];
  const rows = JSON.stringify(
    input.map((j) => ({ k: j.kind, y: j.key, g: j.group ?? null, p: JSON.stringify(j.payload) })),
  );
  const onConflict = reschedule
    ? sql`DO UPDATE SET run_at = excluded.run_at WHERE jobs.status = 'pending'`
    : sql`DO NOTHING`;
  // Debounced, a job is due `quietMs` from now, but no later than `maxDelayMs` after the first
  // fresh job of its group (the one a burst started with).
  const due = debounce
    ? sql`MIN(${now + debounce.quietMs}, COALESCE((SELECT MIN(first.created_at) FROM jobs AS first
        WHERE first.kind = json_extract(value, '$.k') AND first.group_key = json_extract(value, '$.g')
        AND first.status = 'pending' AND first.attempts = 0), ${now}) + ${debounce.maxDelayMs})`
    : sql`${runAt}`;
  const written = await db.all<{ id: number; kind: string; key: string; run_at: number }>(sql`
    INSERT INTO jobs (kind, key, group_key, payload, run_at, created_at)
    SELECT json_extract(value, '$.k'), json_extract(value, '$.y'), json_extract(value, '$.g'), json_extract(value, '$.p'), ${due}, ${now}
    FROM json_each(${rows}) WHERE true
    ON CONFLICT (kind, key) ${onConflict}
    RETURNING id, kind, key, run_at`);
  // The trigger jobs_carry_group (migration 0007) has the group's newest job carry the others.
  const byKey = new Map(written.map((r) => [`${r.kind}\u0000${r.key}`, { id: Number(r.id), runAt: Number(r.run_at) }]));
  const missing = input.filter((j) => !byKey.has(`${j.kind}\u0000${j.key}`));
  const existing = missing.length
    ? await db
        .select({ id: jobs.id, kind: jobs.kind, key: jobs.key, runAt: jobs.runAt })
        .from(jobs)
        .where(or(...missing.map((j) => and(eq(jobs.kind, j.kind), eq(jobs.key, j.key)))))
    : [];
  const found = new Map(existing.map((r) => [`${r.kind}\u0000${r.key}`, r]));
  return input.map((j) => {
    const k = `${j.kind}\u0000${j.key}`;
    const row = byKey.get(k) ?? found.get(k);
    if (row === undefined) throw new Error(`job ${j.kind}/${j.key} neither stored nor found`);
    return { id: row.id, key: j.key, scheduled: byKey.has(k), runAt: row.runAt };
  });
}

export const claimable = (now: number) =>
  and(eq(jobs.status, 'pending'), or(isNull(jobs.lockedUntil), lt(jobs.lockedUntil, now)));

/** Which jobs a claim may take: the one given, or any of the given kinds; any due job when empty. */
export interface JobFilter {
  id?: number | undefined;
  kinds?: readonly string[] | undefined;
}

/** Whose group a check looks at: the row the statement is on, or a job not stored yet. */
interface Group {
  kind: SQL | string;
  key: SQL | string;
}
const ROW_GROUP: Group = { kind: sql`${jobs.kind}`, key: sql`${jobs.groupKey}` };

/**
 * No job of the same kind and group is in hand (a claim clears `carried_by`): one issue's
 * deliveries (or one task's events) are never run side by side, so workers running in parallel
 * keep each group's order.
 */
const groupIdle = (now: number, group: Group = ROW_GROUP) =>
  sql`NOT EXISTS (SELECT 1 FROM jobs AS busy WHERE busy.kind = ${group.kind} AND busy.group_key = ${group.key}
    AND busy.status = 'pending' AND busy.carried_by IS NULL AND busy.locked_until >= ${now})`;

/**
 * No fresh job of the row's kind and group waits until after `after` (a burst still in its quiet
 * period, for the debounce): the group runs once its burst is over. A job put back after a
 * failure does not hold its group. (`+run_at`: the planner would otherwise range over every
 * group's due times instead of seeking this group's few jobs in jobs_group_idx.)
 */
export const noFreshJobAfter = (after: SQL | number, group: Group = ROW_GROUP) =>
  sql`NOT EXISTS (SELECT 1 FROM jobs AS quiet WHERE quiet.kind = ${group.kind} AND quiet.group_key = ${group.key}
    AND quiet.status = 'pending' AND quiet.attempts = 0 AND quiet.carried_by IS NULL AND +quiet.run_at > ${after})`;

/**
 * Claims the job due first (of those `filter` allows, whose group is idle and quiet) for
 * `leaseMs`, in one UPDATE: two workers never share a job, nor work on one group at once.
 */
export async function claimDueJob(
  db: Db,
  now: number,
  leaseMs: number,
  filter: JobFilter = {},
): Promise<JobRow | undefined> {
  return claimOne(
    db,
    jobs,
    jobs.id,
    and(
      claimable(now),
      isNull(jobs.carriedBy),
      lte(jobs.runAt, now),
      groupIdle(now),
      noFreshJobAfter(now),
      filter.id === undefined ? undefined : eq(jobs.id, filter.id),
      filter.kinds ? inArray(jobs.kind, [...filter.kinds]) : undefined,
    ),
    [asc(jobs.runAt), asc(jobs.id)],
    { lockedUntil: now + leaseMs, attempts: sql`${jobs.attempts} + 1` },
  );
}

/**
 * Stores a job already claimed for `leaseMs` when its group lets it run now (nothing of the group
 * in hand, no burst waiting), in one statement, so no other worker can take it between storing
 * and claiming; otherwise stored due now, unclaimed. Undefined for a key already stored.
 */
export async function insertClaimedJob(db: Db, job: NewJob, now: number, leaseMs: number): Promise<JobRow | undefined> {
  const group = job.group ?? null;
  // The claim's own checks (group idle, burst over), for the job's group; a job without one can always run.
  const runnable =
    group === null
      ? sql`1`
      : sql`(${groupIdle(now, { kind: job.kind, key: group })} AND ${noFreshJobAfter(now, { kind: job.kind, key: group })})`;
  const [row] = await db
    .insert(jobs)
    .values({
      kind: job.kind,
      key: job.key,
      groupKey: group,
      payload: job.payload,
      runAt: now,
      createdAt: now,
      lockedUntil: sql`CASE WHEN ${runnable} THEN ${now + leaseMs} END`,
      attempts: sql`CASE WHEN ${runnable} THEN 1 ELSE 0 END`,
    })
    .onConflictDoNothing()
    .returning();
  return row;
}

/** Claims the other pending jobs of the claimed one's kind and group, due or not: one run serves them all. */
export async function claimGroup(db: Db, claimed: JobRow, now: number, leaseMs: number): Promise<JobRow[]> {
  if (claimed.groupKey === null) return [];
  return db
    .update(jobs)
    .set({ lockedUntil: now + leaseMs, attempts: sql`${jobs.attempts} + 1`, carriedBy: null })
    .where(
      and(
        eq(jobs.kind, claimed.kind),
        eq(jobs.groupKey, claimed.groupKey),
        claimable(now),
        sql`${jobs.id} <> ${claimed.id}`,
      ),
    )
    .returning();
}

export async function completeJobs(db: Db, ids: readonly number[], outcome: string, now: number): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(jobs)
    .set({ status: 'done', outcome, finishedAt: now, lockedUntil: null, lastError: null })
    .where(inArray(jobs.id, [...ids]));
}

/** Puts jobs back for `runAt`; `error` says why (null for a plain postponement). */
export async function postponeJobs(db: Db, ids: readonly number[], runAt: number, error: string | null): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(jobs)
    .set({ lockedUntil: null, runAt, lastError: error })
    .where(inArray(jobs.id, [...ids]));
}

/** Parks jobs as failed (dead letters): their error will not go away by retrying. */
export async function failJobs(db: Db, ids: readonly number[], error: string, now: number): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(jobs)
    .set({ status: 'failed', lastError: error, lockedUntil: null, finishedAt: now })
    .where(inArray(jobs.id, [...ids]));
}

export async function findJob(db: Db, id: number): Promise<JobRow | undefined> {
  return (await db.select().from(jobs).where(eq(jobs.id, id)))[0];
}

/** After a crash of the only process using an embedded database, nobody holds a lease. */
export async function releaseAllJobLeases(db: Db): Promise<void> {
  await db.update(jobs).set({ lockedUntil: null }).where(eq(jobs.status, 'pending'));
}

/** Extends a running job's lease, so a long run is not taken for a crashed one and run twice. */
export async function renewJobLease(db: Db, id: number, lockedUntil: number): Promise<void> {
  await db
    .update(jobs)
    .set({ lockedUntil })
    .where(and(eq(jobs.id, id), eq(jobs.status, 'pending'), isNotNull(jobs.lockedUntil)));
}
