/** What the store knows of one link, for its sync state: nothing here reads Jira or the tracker. */
export interface LinkFacts {
  lastSyncedAt: number | null;
  /** Fields of a write that was claimed but not confirmed (the process stopped mid-write). */
  pendingFields: readonly string[];
  /** Deliveries for its issue not yet done: failed ones carry their last error. */
  deliveries: ReadonlyArray<{ status: 'pending' | 'failed' | 'done'; createdAt: number; lastError: string | null }>;
  /** Values of its issue the mapping could not place, by tracker field. */
  gaps: ReadonlyArray<{ field: string; detail: string }>;
}

export type SyncStateName = 'in sync' | 'queued' | 'write pending' | 'failing' | 'never synced' | 'partly mapped';

/** A field where the task may not say what Jira says, and why. */
export interface Drift {
  field: string;
  reason: string;
}

/**
 * Pure: a link's sync state and its drift: the fields where the task differs from Jira (or may),
 * each with the reason. The worst state wins: a failing sync, then an interrupted write, then
 * work waiting in the queue, then values the mapping cannot place.
 */
export function linkHealth(facts: LinkFacts, now: number): { state: SyncStateName; drift: Drift[] } {
  const drift: Drift[] = [];
  const failed = facts.deliveries.filter((d) => d.status === 'failed');
  const pending = facts.deliveries.filter((d) => d.status === 'pending');
  if (failed.length)
    drift.push({
      field: 'all fields',
      reason: `the sync failed ${failed.length}x (last error: ${failed.at(-1)!.lastError ?? 'unknown'}); replay it once the cause is fixed`,
    });
  for (const field of facts.pendingFields)
    drift.push({ field, reason: 'a write was interrupted; the next sync reads the task back and completes it' });
  if (pending.length) {
    const oldest = Math.min(...pending.map((d) => d.createdAt));
    drift.push({
      field: 'all fields',
      reason: `${pending.length} Jira change(s) waiting in the queue for ${Math.round((now - oldest) / 60_000)} min`,
    });
  }
  for (const gap of facts.gaps) drift.push({ field: gap.field, reason: `left unchanged: ${gap.detail}` });
  const state: SyncStateName = failed.length
    ? 'failing'
    : facts.pendingFields.length
      ? 'write pending'
      : pending.length
        ? 'queued'
        : facts.lastSyncedAt === null
          ? 'never synced'
          : facts.gaps.length
            ? 'partly mapped'
            : 'in sync';
  return { state, drift };
}
