import { and, asc, eq, isNull, lt, lte, or, sql } from 'drizzle-orm';
import { claimOne } from './claim-one';
import type { Db } from './database';
import { trackerEvents, trackerWebhooks, type TrackerEventRow } from './schema';

export async function webhookSecret(db: Db, resourceId: string): Promise<string | null> {
  return (await db.select({ secret: trackerWebhooks.secret }).from(trackerWebhooks).where(eq(trackerWebhooks.resourceId, resourceId)))[0]?.secret ?? null;
}

export async function saveWebhookSecret(db: Db, resourceId: string, secret: string, now: number): Promise<void> {
  await db.insert(trackerWebhooks).values({ resourceId, secret, createdAt: now }).onConflictDoUpdate({ target: trackerWebhooks.resourceId, set: { secret, createdAt: now } });
}

export interface NewTrackerEvent {
  eventKey: string;
  taskId: string;
  action: string;
  field: string | null;
  userId: string | null;
}

/** Stores an event unless the same event was stored before; true when it is new. */
export async function recordTrackerEvent(db: Db, event: NewTrackerEvent, now: number): Promise<{ id: number } | null> {
  const [row] = await db
    .insert(trackerEvents)
    .values({ ...event, receivedAt: now, nextAttemptAt: now })
    .onConflictDoNothing({ target: trackerEvents.eventKey })
    .returning({ id: trackerEvents.id });
  return row ?? null;
}

export async function pendingTrackerEvents(db: Db, taskId: string) {
  return db.select().from(trackerEvents).where(and(eq(trackerEvents.taskId, taskId), eq(trackerEvents.status, 'pending')));
}

const claimable = (now: number) => and(eq(trackerEvents.status, 'pending'), lte(trackerEvents.nextAttemptAt, now), or(isNull(trackerEvents.lockedUntil), lt(trackerEvents.lockedUntil, now)));

/** Claims the oldest due tracker event (or the one given) for `leaseMs`. */
export async function claimTrackerEvent(db: Db, now: number, leaseMs: number, onlyId?: number): Promise<TrackerEventRow | undefined> {
  return claimOne(
    db,
    trackerEvents,
    trackerEvents.id,
    and(claimable(now), onlyId === undefined ? undefined : eq(trackerEvents.id, onlyId)),
    [asc(trackerEvents.id)],
    { lockedUntil: now + leaseMs, attempts: sql`${trackerEvents.attempts} + 1` },
  );
}

export async function settleTrackerEvent(
  db: Db,
  id: number,
  result: { status: 'done'; outcome: string } | { status: 'failed'; error: string } | { status: 'pending'; error: string; nextAttemptAt: number },
): Promise<void> {
  const set =
    result.status === 'done'
      ? { status: 'done' as const, outcome: result.outcome, lockedUntil: null, lastError: null }
      : result.status === 'failed'
        ? { status: 'failed' as const, lastError: result.error, lockedUntil: null }
        : { lastError: result.error, lockedUntil: null, nextAttemptAt: result.nextAttemptAt };
  await db.update(trackerEvents).set(set).where(eq(trackerEvents.id, id));
}

export async function findTrackerEvent(db: Db, id: number): Promise<TrackerEventRow | undefined> {
  return (await db.select().from(trackerEvents).where(eq(trackerEvents.id, id)))[0];
}
