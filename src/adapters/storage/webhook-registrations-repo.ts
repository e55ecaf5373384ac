import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from './database';
import { trackerWebhookRegistrations } from './schema';
import { saveWebhookSecret } from './tracker-events-repo';

/** Opens the handshake window for `resourceId` until `expiresAt`: only this bridge's own registration calls this. */
export async function openRegistration(db: Db, resourceId: string, now: number, expiresAt: number): Promise<void> {
  const row = { resourceId, startedAt: now, expiresAt, candidateSecret: null };
  await db.insert(trackerWebhookRegistrations).values(row).onConflictDoUpdate({ target: trackerWebhookRegistrations.resourceId, set: row });
}

/**
 * Takes a handshake's secret as the candidate of an open registration: once per registration, and
 * only while it is open. False (and nothing written) for any other handshake.
 */
export async function acceptHandshake(db: Db, resourceId: string, secret: string, now: number): Promise<boolean> {
  const rows = await db
    .update(trackerWebhookRegistrations)
    .set({ candidateSecret: secret })
    .where(
      and(
        eq(trackerWebhookRegistrations.resourceId, resourceId),
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
export async function completeRegistration(db: Db, resourceId: string, now: number): Promise<boolean> {
  const [row] = await db.select().from(trackerWebhookRegistrations).where(eq(trackerWebhookRegistrations.resourceId, resourceId));
  if (!row?.candidateSecret) return false;
  await saveWebhookSecret(db, resourceId, row.candidateSecret, now);
  return true;
}

/** Closes the window (the registration ended, however): later handshakes are refused. */
export async function closeRegistration(db: Db, resourceId: string): Promise<void> {
  await db.delete(trackerWebhookRegistrations).where(eq(trackerWebhookRegistrations.resourceId, resourceId));
}
