import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from './database';
import { trackerWebhookRegistrations, trackerWebhooks } from './schema';

/** A tracker webhook's watched resource: the tracker kind and its id there. */
export interface WebhookResource {
  tracker: string;
  resourceId: string;
}

const registration = (r: WebhookResource) =>
  and(eq(trackerWebhookRegistrations.tracker, r.tracker), eq(trackerWebhookRegistrations.resourceId, r.resourceId));

export async function webhookSecret(db: Db, r: WebhookResource): Promise<string | null> {
  const rows = await db
    .select({ secret: trackerWebhooks.secret })
    .from(trackerWebhooks)
    .where(and(eq(trackerWebhooks.tracker, r.tracker), eq(trackerWebhooks.resourceId, r.resourceId)));
  return rows[0]?.secret ?? null;
}

export async function saveWebhookSecret(db: Db, r: WebhookResource, secret: string, now: number): Promise<void> {
  await db
    .insert(trackerWebhooks)
    .values({ ...r, secret, createdAt: now })
    .onConflictDoUpdate({
      target: [trackerWebhooks.tracker, trackerWebhooks.resourceId],
      set: { secret, createdAt: now },
    });
}

/** Opens the handshake window for the resource until `expiresAt`: only this bridge's own registration calls this. */
export async function openRegistration(db: Db, r: WebhookResource, now: number, expiresAt: number): Promise<void> {
  const row = { ...r, startedAt: now, expiresAt, candidateSecret: null };
  await db
    .insert(trackerWebhookRegistrations)
    .values(row)
    .onConflictDoUpdate({
      target: [trackerWebhookRegistrations.tracker, trackerWebhookRegistrations.resourceId],
      set: row,
    });
}

/**
 * Takes a handshake's secret as the candidate of an open registration: once per registration, and
 * only while it is open. False (and nothing written) for any other handshake.
 */
export async function acceptHandshake(db: Db, r: WebhookResource, secret: string, now: number): Promise<boolean> {
  const rows = await db
    .update(trackerWebhookRegistrations)
    .set({ candidateSecret: secret })
    .where(
      and(
        registration(r),
        gt(trackerWebhookRegistrations.expiresAt, now),
        isNull(trackerWebhookRegistrations.candidateSecret),
      ),
    )
    .returning({ resourceId: trackerWebhookRegistrations.resourceId });
  return rows.length > 0;
}

/**
 * The registration succeeded: its handshake's secret becomes the resource's secret. False when no
 * handshake arrived. The caller closes the registration either way.
 */
export async function completeRegistration(db: Db, r: WebhookResource, now: number): Promise<boolean> {
  const [row] = await db.select().from(trackerWebhookRegistrations).where(registration(r));
  if (!row?.candidateSecret) return false;
  await saveWebhookSecret(db, r, row.candidateSecret, now);
  return true;
}

/** Closes the window (the registration ended, however): later handshakes are refused. */
export async function closeRegistration(db: Db, r: WebhookResource): Promise<void> {
  await db.delete(trackerWebhookRegistrations).where(registration(r));
}

/** The tracker webhooks whose handshake completed (never their secrets): resource and when. */
export async function listTrackerWebhooks(db: Db): Promise<Array<WebhookResource & { createdAt: number }>> {
  return db
    .select({
      tracker: trackerWebhooks.tracker,
      resourceId: trackerWebhooks.resourceId,
      createdAt: trackerWebhooks.createdAt,
    })
    .from(trackerWebhooks);
}
