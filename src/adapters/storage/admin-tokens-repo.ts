import { and, asc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { ConflictError } from '../../platform/errors/app-errors';
import type { Db } from './database';
import { adminTokens, type AdminTokenRow } from './schema';

/** Stores a new token's hash under its name; a name in use (even revoked) is a ConflictError. */
export async function insertAdminToken(
  db: Db,
  token: { name: string; role: AdminTokenRow['role']; tokenHash: string },
  now: number,
): Promise<AdminTokenRow> {
  const [row] = await db
    .insert(adminTokens)
    .values({ ...token, createdAt: now })
    .onConflictDoNothing()
    .returning();
  if (!row) throw new ConflictError(`An admin token named "${token.name}" exists already (names are never reused)`);
  return row;
}

/** The token with this hash, unless revoked. */
export async function findActiveToken(db: Db, tokenHash: string): Promise<AdminTokenRow | undefined> {
  return (
    await db
      .select()
      .from(adminTokens)
      .where(and(eq(adminTokens.tokenHash, tokenHash), isNull(adminTokens.revokedAt)))
  )[0];
}

/** The active token of this name. */
export async function findActiveTokenByName(db: Db, name: string): Promise<AdminTokenRow | undefined> {
  return (
    await db
      .select()
      .from(adminTokens)
      .where(and(eq(adminTokens.name, name), isNull(adminTokens.revokedAt)))
  )[0];
}

/** Whether any token is active: without one (and without ADMIN_TOKEN) the admin API is disabled. */
export async function anyActiveToken(db: Db): Promise<boolean> {
  const [row] = await db
    .select({ n: sql<number>`1` })
    .from(adminTokens)
    .where(isNull(adminTokens.revokedAt))
    .limit(1);
  return !!row;
}

/** Notes when a token was last used, at most once an hour (a read-only request writes little). */
export async function touchToken(db: Db, name: string, now: number): Promise<void> {
  await db
    .update(adminTokens)
    .set({ lastUsedAt: now })
    .where(
      and(eq(adminTokens.name, name), or(isNull(adminTokens.lastUsedAt), lt(adminTokens.lastUsedAt, now - 3_600_000))),
    );
}

export async function listAdminTokens(db: Db): Promise<AdminTokenRow[]> {
  return db.select().from(adminTokens).orderBy(asc(adminTokens.name));
}

/** Revokes a token by name; false when there is no active token of that name. */
export async function revokeAdminToken(db: Db, name: string, now: number): Promise<boolean> {
  const rows = await db
    .update(adminTokens)
    .set({ revokedAt: now })
    .where(and(eq(adminTokens.name, name), isNull(adminTokens.revokedAt)))
    .returning({ name: adminTokens.name });
  return rows.length > 0;
}
