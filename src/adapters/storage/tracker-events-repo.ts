import { and, asc, eq, isNull, lt, lte, min, or, sql } from 'drizzle-orm';
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

/**
 * Stores a delivery's events in one statement (so all of them or none), skipping any stored
 * before; returns the ids of the new ones. The rows travel as one JSON parameter, because D1
 * binds at most 100 parameters to a statement.
 */
export async function recordTrackerEvents(db: Db, events: readonly NewTrackerEvent[], now: number): Promise<number[]> {
  if (events.length === 0) return [];
  const rows = JSON.stringify(events.map((e) => ({ k: e.eventKey, t: e.taskId, a: e.action, f: e.field, u: e.userId })));
  const inserted = await db.all<{ id: number }>(sql`
    INSERT INTO tracker_events (event_key, task_id, action, field, user_id, received_at, next_attempt_at)
    SELECT json_extract(value, '$.k'), json_extract(value, '$.t'), json_extract(value, '$.a'), json_extract(value, '$.f'), json_extract(value, '$.u'), ${now}, ${now}
    FROM json_each(${rows}) WHERE true
    ON CONFLICT (event_key) DO NOTHING
    RETURNING id`);
  return inserted.map((r) => Number(r.id));
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

/** When the next pending tracker event is due (a commit waiting for its retry), for the Node worker's sleep. */
export async function nextTrackerEventDueAt(db: Db): Promise<number | null> {
  const [row] = await db.select({ at: min(trackerEvents.nextAttemptAt) }).from(trackerEvents).where(eq(trackerEvents.status, 'pending'));
  return row?.at ?? null;
}
