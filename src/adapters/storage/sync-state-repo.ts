import { eq } from 'drizzle-orm';
import type { Db } from './database';
import { syncState } from './schema';

export async function readState(db: Db, key: string): Promise<string | null> {
  return (await db.select({ value: syncState.value }).from(syncState).where(eq(syncState.key, key)))[0]?.value ?? null;
}

export async function writeState(db: Db, key: string, value: string, now: number): Promise<void> {
  await db
    .insert(syncState)
    .values({ key, value, updatedAt: now })
    .onConflictDoUpdate({ target: syncState.key, set: { value, updatedAt: now } });
}

/** Stores `value` under `key` unless a value is there already; returns the one that stays (the first writer's). */
export async function claimState(db: Db, key: string, value: string, now: number): Promise<string> {
  await db.insert(syncState).values({ key, value, updatedAt: now }).onConflictDoNothing();
  return (await readState(db, key)) ?? value;
}
