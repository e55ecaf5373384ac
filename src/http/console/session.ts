import type { Context } from 'hono';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import { timingSafeEqual } from 'hono/utils/buffer';
import { findActiveTokenByName } from '../../adapters/storage/admin-tokens-repo';
import { claimState, readState } from '../../adapters/storage/sync-state-repo';
import type { Ctx } from '../../flows/context';
import { identifyToken, tokenHash, type AdminIdentity } from '../../flows/admin/admin-tokens';
import { hmacSha256Hex } from '../../platform/crypto/digest';
import type { Viewer } from './pages/viewer';

/** How long a console session lasts; signing in again starts a new one. */
const SESSION_HOURS = 8;
const COOKIE = 'jtb-session';
const KEY_STATE = 'console-session-key';
const ENV_TOKEN_NAME = 'ADMIN_TOKEN';

/** What the signed cookie says: the token's name, a fingerprint of its hash, and when it lapses. */
interface SessionClaim {
  name: string;
  fingerprint: string;
  expiresAt: number;
}

/** A signed-in session: its identity, and the CSRF token (bound to it) every console action must echo. */
export type ConsoleSession = Viewer;

type SessionDeps = Pick<Ctx, 'db' | 'clock' | 'secrets'>;

/**
 * The key sessions are signed with: 32 random bytes made at the first sign-in and kept in the
 * store, so every process and Worker isolate agrees on it and a restart keeps sessions. Never
 * logged or shown.
 */
async function sessionKey(deps: SessionDeps): Promise<string> {
  const existing = await readState(deps.db, KEY_STATE);
  if (existing) return existing;
  const fresh = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));
  return claimState(deps.db, KEY_STATE, fresh, deps.clock.now());
}

const fingerprintOf = (hash: string) => hash.slice(0, 16);

/**
 * Who a presented token is: `ADMIN_TOKEN` (compared in constant time) or an active named token.
 * With it, the claim a session cookie records.
 */
export async function signInWith(
  deps: SessionDeps,
  presented: string,
): Promise<{ identity: AdminIdentity; claim: Omit<SessionClaim, 'expiresAt'> } | null> {
  const token = presented.trim();
  if (!token || token.length > 512) return null;
  const envToken = deps.secrets.adminToken;
  if (envToken && (await timingSafeEqual(token, envToken)))
    return {
      identity: { actor: `admin:${ENV_TOKEN_NAME}`, role: 'admin' },
      claim: { name: ENV_TOKEN_NAME, fingerprint: fingerprintOf(await tokenHash(envToken)) },
    };
  const identity = await identifyToken(deps, token);
  if (!identity) return null;
  return {
    identity,
    claim: { name: identity.actor.slice('admin:'.length), fingerprint: fingerprintOf(await tokenHash(token)) },
  };
}

/** Sets the session cookie: HttpOnly, Secure, SameSite=Strict, `__Host-` prefixed, signed, expiring. */
export async function startSession(c: Context, deps: SessionDeps, claim: Omit<SessionClaim, 'expiresAt'>) {
  const expiresAt = deps.clock.now() + SESSION_HOURS * 3_600_000;
  // Token names are [a-z0-9._-] and fingerprints hex, so "|" cannot occur inside a part.
  const value = [claim.name, claim.fingerprint, expiresAt].join('|');
  await setSignedCookie(c, COOKIE, value, await sessionKey(deps), {
    prefix: 'host',
    httpOnly: true,
    secure: true,
    sameSite: 'Strict',
    path: '/',
    maxAge: SESSION_HOURS * 3600,
  });
}

export function endSession(c: Context): void {
  deleteCookie(c, COOKIE, { prefix: 'host', path: '/', secure: true });
}

/**
 * The session a request carries, or null: the signature must verify, the session must not have
 * lapsed, and the token it was opened with must still be valid (revoking a token, or changing
 * `ADMIN_TOKEN`, ends its sessions). The role is the token's now, not the one at sign-in.
 */
export async function currentSession(c: Context, deps: SessionDeps): Promise<ConsoleSession | null> {
  // Before the first sign-in there is no key, so no session: reading one never makes the key
  // (a request that is not signed in writes nothing).
  const key = await readState(deps.db, KEY_STATE);
  if (!key) return null;
  const raw = await getSignedCookie(c, key, COOKIE, 'host');
  if (!raw) return null;
  const [name = '', fingerprint = '', expires = ''] = raw.split('|');
  const claim: SessionClaim = { name, fingerprint, expiresAt: Number(expires) };
  if (!Number.isSafeInteger(claim.expiresAt) || claim.expiresAt <= deps.clock.now()) return null;
  const identity = await identityOf(deps, claim);
  // The CSRF token forms carry: an HMAC of the session under the key.
  return identity && { ...identity, csrf: await hmacSha256Hex(key, `csrf:${raw}`) };
}

async function identityOf(deps: SessionDeps, claim: SessionClaim): Promise<AdminIdentity | null> {
  if (claim.name === ENV_TOKEN_NAME) {
    const envToken = deps.secrets.adminToken;
    if (!envToken || claim.fingerprint !== fingerprintOf(await tokenHash(envToken))) return null;
    return { actor: `admin:${ENV_TOKEN_NAME}`, role: 'admin' };
  }
  const row = await findActiveTokenByName(deps.db, claim.name);
  if (!row || fingerprintOf(row.tokenHash) !== claim.fingerprint) return null;
  return { actor: `admin:${row.name}`, role: row.role };
}

/** Whether a form's CSRF field matches its session's (constant time). */
export async function csrfMatches(session: ConsoleSession, presented: unknown): Promise<boolean> {
  return typeof presented === 'string' && presented.length === 64 && timingSafeEqual(presented, session.csrf);
}
