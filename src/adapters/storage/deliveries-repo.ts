import { and, asc, count, desc, eq, inArray, isNull, lt, lte, min, or, sql } from 'drizzle-orm';
import { claimOne } from './claim-one';
import type { Db } from './database';
import { deliveries, type DeliveryRow } from './schema';

export interface NewDelivery {
  deliveryKey: string;
  source: DeliveryRow['source'];
  event: string;
  issueId: string;
  issueKey: string;
  eventAt: number;
  actor?: string | null;
  actorId?: string | null;
}

/**
 * Records a delivery unless its key was seen before. The unique key is the idempotency
 * guarantee: a redelivery inserts nothing and reports the row that already exists.
 */
export async function recordDelivery(db: Db, input: NewDelivery, now: number): Promise<{ id: number; duplicate: boolean }> {
  const inserted = await db
    .insert(deliveries)
    .values({ ...input, receivedAt: now, nextAttemptAt: now })
    .onConflictDoNothing({ target: deliveries.deliveryKey })
    .returning({ id: deliveries.id });
  if (inserted[0]) return { id: inserted[0].id, duplicate: false };
  const existing = await db.select({ id: deliveries.id }).from(deliveries).where(eq(deliveries.deliveryKey, input.deliveryKey));
  if (!existing[0]) throw new Error(`delivery ${input.deliveryKey} neither inserted nor found`);
  return { id: existing[0].id, duplicate: true };
}

const claimable = (now: number) => and(eq(deliveries.status, 'pending'), or(isNull(deliveries.lockedUntil), lt(deliveries.lockedUntil, now)));

/** Claims the oldest due delivery for `leaseMs`; the claim is one UPDATE, so two workers never share it. */
export async function claimNextDue(db: Db, now: number, leaseMs: number, onlyId?: number): Promise<DeliveryRow | undefined> {
  return claimOne(
    db,
    deliveries,
    deliveries.id,
    and(claimable(now), lte(deliveries.nextAttemptAt, now), onlyId === undefined ? undefined : eq(deliveries.id, onlyId)),
    [asc(deliveries.nextAttemptAt), asc(deliveries.id)],
    { lockedUntil: now + leaseMs, attempts: sql`${deliveries.attempts} + 1` },
  );
}

/**
 * Claims the other pending deliveries of the same issue: one fresh read of the issue serves
 * them all, so a burst of webhooks for one issue costs one sync.
 */
export async function claimSiblings(db: Db, claimed: DeliveryRow, now: number, leaseMs: number): Promise<DeliveryRow[]> {
  return db
    .update(deliveries)
    .set({ lockedUntil: now + leaseMs, attempts: sql`${deliveries.attempts} + 1` })
    .where(and(eq(deliveries.issueId, claimed.issueId), claimable(now), sql`${deliveries.id} <> ${claimed.id}`))
    .returning();
}

export async function completeDeliveries(db: Db, ids: number[], outcome: string, now: number): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(deliveries)
    .set({ status: 'done', outcome, processedAt: now, lockedUntil: null, lastError: null })
    .where(inArray(deliveries.id, ids));
}

/** Puts deliveries back in the queue for `nextAttemptAt`, or parks them as failed when out of attempts. */
export async function deferDeliveries(
  db: Db,
  rows: DeliveryRow[],
  error: string,
  nextAttemptAt: number,
  maxAttempts: number,
  now: number,
): Promise<{ failed: number[]; deferred: number[] }> {
  const failed = rows.filter((r) => r.attempts >= maxAttempts).map((r) => r.id);
  const deferred = rows.filter((r) => r.attempts < maxAttempts).map((r) => r.id);
  if (failed.length) {
    await db.update(deliveries).set({ status: 'failed', lastError: error, lockedUntil: null, processedAt: now }).where(inArray(deliveries.id, failed));
  }
  if (deferred.length) {
    await db.update(deliveries).set({ lastError: error, lockedUntil: null, nextAttemptAt }).where(inArray(deliveries.id, deferred));
  }
  return { failed, deferred };
}

/** Parks deliveries as failed at once: their error will not go away by retrying. */
export async function failDeliveries(db: Db, ids: number[], error: string, now: number): Promise<void> {
  if (ids.length === 0) return;
  await db.update(deliveries).set({ status: 'failed', lastError: error, lockedUntil: null, processedAt: now }).where(inArray(deliveries.id, ids));
}

export async function findDelivery(db: Db, id: number): Promise<DeliveryRow | undefined> {
  return (await db.select().from(deliveries).where(eq(deliveries.id, id)))[0];
}

/**
 * Puts failed deliveries back in the queue with fresh attempts (all failed ones when `ids` is
 * omitted); returns the ids requeued.
 */
export async function replayFailed(db: Db, now: number, ids?: number[]): Promise<number[]> {
  const rows = await db
    .update(deliveries)
    .set({ status: 'pending', attempts: 0, nextAttemptAt: now, lockedUntil: null, processedAt: null })
    .where(and(eq(deliveries.status, 'failed'), ids ? inArray(deliveries.id, ids) : undefined))
    .returning({ id: deliveries.id });
  return rows.map((r) => r.id);
}

/** Drops a failed delivery for good (an admin decided it is not worth applying). */
export async function discardFailed(db: Db, id: number): Promise<boolean> {
  const rows = await db.delete(deliveries).where(and(eq(deliveries.id, id), eq(deliveries.status, 'failed'))).returning({ id: deliveries.id });
  return rows.length > 0;
}

/** Newest first, optionally of one status. */
export async function listDeliveries(db: Db, status: DeliveryRow['status'] | undefined, limit: number): Promise<DeliveryRow[]> {
  return db
    .select()
    .from(deliveries)
    .where(status ? eq(deliveries.status, status) : undefined)
    .orderBy(desc(deliveries.id))
    .limit(limit);
}

export interface Backlog {
  pending: number;
  failed: number;
  oldestPendingReceivedAt: number | null;
}

export async function backlog(db: Db): Promise<Backlog> {
  const [pending] = await db.select({ n: count(), oldest: min(deliveries.receivedAt) }).from(deliveries).where(eq(deliveries.status, 'pending'));
  const [failed] = await db.select({ n: count() }).from(deliveries).where(eq(deliveries.status, 'failed'));
  return { pending: pending?.n ?? 0, failed: failed?.n ?? 0, oldestPendingReceivedAt: pending?.oldest ?? null };
}

/** The earliest time a pending delivery becomes due, so a worker can sleep until then. */
export async function nextDueAt(db: Db): Promise<number | null> {
  const [row] = await db.select({ at: min(deliveries.nextAttemptAt) }).from(deliveries).where(eq(deliveries.status, 'pending'));
  return row?.at ?? null;
}

/** Drops finished deliveries older than `before`; their keys only matter while Jira may still retry. */
export async function pruneDone(db: Db, before: number): Promise<void> {
  await db.delete(deliveries).where(and(eq(deliveries.status, 'done'), lt(deliveries.processedAt, before)));
}

/** Unclaimed deliveries overdue by more than `overdueMs`: their queue message was lost. */
export async function strandedDeliveries(db: Db, now: number, overdueMs: number, limit: number): Promise<number[]> {
  const rows = await db
    .select({ id: deliveries.id })
    .from(deliveries)
    .where(and(claimable(now), lte(deliveries.nextAttemptAt, now - overdueMs)))
    .orderBy(asc(deliveries.id))
    .limit(limit);
  return rows.map((r) => r.id);
}

/** After a crash of the only process using an embedded database, nobody holds a lease. */
export async function releaseAllLeases(db: Db): Promise<void> {
  await db.update(deliveries).set({ lockedUntil: null }).where(eq(deliveries.status, 'pending'));
}
