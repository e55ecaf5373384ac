import { and, eq } from 'drizzle-orm';
import type { Db } from './database';
import { trackerEvents, trackerWebhooks } from './schema';

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
