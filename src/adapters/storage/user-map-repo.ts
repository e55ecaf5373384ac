import { asc, eq, inArray, ne } from 'drizzle-orm';
import type { Db } from './database';
import { userMap, type UserMapRow } from './schema';

export async function findUserMapping(db: Db, jiraAccountId: string): Promise<UserMapRow | undefined> {
  return (await db.select().from(userMap).where(eq(userMap.jiraAccountId, jiraAccountId)))[0];
}

/** Records who a Jira user is in the tracker. A match by e-mail never overrides what an admin set. */
export async function saveUserMapping(db: Db, row: Omit<UserMapRow, 'updatedAt'>, now: number): Promise<void> {
  const values = { ...row, updatedAt: now };
  await db
    .insert(userMap)
    .values(values)
    .onConflictDoUpdate({
      target: userMap.jiraAccountId,
      set: values,
      ...(row.source === 'email' && { setWhere: ne(userMap.source, 'admin') }),
    });
}

export async function removeUserMapping(db: Db, jiraAccountId: string): Promise<boolean> {
  return (
    (await db.delete(userMap).where(eq(userMap.jiraAccountId, jiraAccountId)).returning({ id: userMap.jiraAccountId }))
      .length > 0
  );
}

export async function listUserMappings(db: Db): Promise<UserMapRow[]> {
  return db.select().from(userMap).orderBy(asc(userMap.displayName), asc(userMap.jiraAccountId));
}

/** Who these tracker users are in Jira, for those the map knows (mentions relayed to Jira). */
export async function findJiraAccountsOf(db: Db, trackerUserIds: readonly string[]): Promise<UserMapRow[]> {
  if (!trackerUserIds.length) return [];
  return db
    .select()
    .from(userMap)
    .where(inArray(userMap.trackerUserId, [...trackerUserIds]));
}
