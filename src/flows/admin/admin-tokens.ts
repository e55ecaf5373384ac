import {
  findActiveToken,
  insertAdminToken,
  listAdminTokens,
  revokeAdminToken,
  touchToken,
} from '../../adapters/storage/admin-tokens-repo';
import type { AdminTokenRow } from '../../adapters/storage/schema';
import { NotFoundError } from '../../platform/errors/app-errors';
import { recordAdminAction } from '../audit/audit-trail';
import type { Ctx } from '../context';
import { sha256Hex } from '../../platform/crypto/digest';

export type AdminRole = AdminTokenRow['role'];

/** Who an admin request comes from, and what it may do. */
export interface AdminIdentity {
  /** `admin:<token name>` (`admin:ADMIN_TOKEN` for the one from the environment). */
  actor: string;
  role: AdminRole;
}

/** SHA-256 of a token, hex: what is stored, so the database never holds a usable token. */
export const tokenHash = (token: string): Promise<string> => sha256Hex(token);

/** A new random token: 32 bytes, URL-safe, with a prefix that says what it is. */
function newToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return `jtb_${btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')}`;
}

/** The stored token a request presents, or null. */
export async function identifyToken(ctx: Pick<Ctx, 'db' | 'clock'>, token: string): Promise<AdminIdentity | null> {
  const row = await findActiveToken(ctx.db, await tokenHash(token));
  if (!row) return null;
  await touchToken(ctx.db, row.name, ctx.clock.now());
  return { actor: `admin:${row.name}`, role: row.role };
}

/** Creates a named token; the token itself is shown this once and never stored. */
export async function createAdminToken(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  actor: string,
  input: { name: string; role: AdminRole },
) {
  const token = newToken();
  const row = await insertAdminToken(ctx.db, { ...input, tokenHash: await tokenHash(token) }, ctx.clock.now());
  await recordAdminAction(ctx, actor, 'token-created', { detail: { name: row.name, role: row.role } });
  return { ...publicToken(row), token };
}

export async function revokeToken(ctx: Pick<Ctx, 'db' | 'clock'>, actor: string, name: string) {
  if (!(await revokeAdminToken(ctx.db, name, ctx.clock.now())))
    throw new NotFoundError(`No active admin token named "${name}"`);
  await recordAdminAction(ctx, actor, 'token-revoked', { detail: { name } });
  return { revoked: name };
}

export async function listTokens(ctx: Pick<Ctx, 'db'>) {
  return (await listAdminTokens(ctx.db)).map(publicToken);
}

function publicToken(row: AdminTokenRow) {
  const iso = (at: number | null) => (at === null ? null : new Date(at).toISOString());
  return {
    name: row.name,
    role: row.role,
    createdAt: iso(row.createdAt),
    lastUsedAt: iso(row.lastUsedAt),
    revokedAt: iso(row.revokedAt),
  };
}
