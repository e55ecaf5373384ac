export interface RateLimits {
  requestsPerMinute: number;
  /** Tokens that may be spent at once after a quiet spell. */
  burst: number;
  maxConcurrentReads: number;
  maxConcurrentWrites: number;
}

/**
 * An upstream's request budget as data: a token bucket (refilled evenly over the minute, up to
 * `burst`), slots for requests in flight, and a pause after a 429. Pure: the Node limiter keeps
 * one in memory, and on Workers one Durable Object per token keeps it for every invocation.
 */
export interface BudgetState {
  tokens: number;
  refilledAt: number;
  pausedUntil: number;
  /** Requests in flight, by lease id; a lease not given back in time (a crashed caller) lapses. */
  leases: Record<string, { kind: 'read' | 'write'; until: number }>;
}

export type Admission =
  | { admitted: true }
  /** Wait this long and ask again (no token yet, or a pause). */
  | { admitted: false; retryInMs: number; reason: 'tokens' | 'paused' }
  /** Every slot of this kind is taken: ask again when one is given back. */
  | { admitted: false; retryInMs: number; reason: 'slots' };

/** Refilling at (limit - burst) per minute keeps any rolling minute, burst included, within the limit. */
function rates(limits: RateLimits) {
  const burst = Math.min(limits.burst, Math.floor(limits.requestsPerMinute / 2));
  return { burst, perMs: (limits.requestsPerMinute - burst) / 60_000 };
}

export function freshBudget(limits: RateLimits, now: number): BudgetState {
  return { tokens: rates(limits).burst, refilledAt: now, pausedUntil: 0, leases: {} };
}

/**
 * Admits one request of `kind` under `leaseId` if a token and a slot are free, or says how long
 * to wait. Mutates `state` (the caller owns it) and returns the decision.
 */
export function admit(
  state: BudgetState,
  limits: RateLimits,
  kind: 'read' | 'write',
  leaseId: string,
  now: number,
  leaseMs: number,
): Admission {
  const { burst, perMs } = rates(limits);
  for (const [id, lease] of Object.entries(state.leases)) if (lease.until <= now) delete state.leases[id];
  if (state.pausedUntil > now) return { admitted: false, retryInMs: state.pausedUntil - now, reason: 'paused' };
  state.tokens = Math.min(burst, state.tokens + Math.max(0, now - state.refilledAt) * perMs);
  state.refilledAt = Math.max(state.refilledAt, now);
  if (state.tokens < 1) return { admitted: false, retryInMs: Math.ceil((1 - state.tokens) / perMs), reason: 'tokens' };
  const cap = kind === 'read' ? limits.maxConcurrentReads : limits.maxConcurrentWrites;
  const inFlight = Object.values(state.leases).filter((l) => l.kind === kind);
  if (inFlight.length >= cap) {
    // Unless one is given back sooner, the first lease to lapse frees a slot.
    return {
      admitted: false,
      retryInMs: Math.max(1, Math.min(...inFlight.map((l) => l.until)) - now),
      reason: 'slots',
    };
  }
  state.tokens -= 1;
  state.leases[leaseId] = { kind, until: now + leaseMs };
  return { admitted: true };
}

export function giveBack(state: BudgetState, leaseId: string): void {
  delete state.leases[leaseId];
}

/** How much of a budget is in use now, for the operations view. */
export interface BudgetUsage {
  requestsPerMinute: number;
  burst: number;
  /** Tokens in the bucket now (whole requests that may start at once). */
  tokensLeft: number;
  readsInFlight: number;
  writesInFlight: number;
  maxConcurrentReads: number;
  maxConcurrentWrites: number;
  /** How long every request still waits after a 429, or 0. */
  pausedForMs: number;
}

/** Pure: the budget's use at `now` (refilled as `admit` would, without changing `state`). */
export function budgetUsage(state: BudgetState | undefined, limits: RateLimits, now: number): BudgetUsage {
  const { burst, perMs } = rates(limits);
  const s = state ?? freshBudget(limits, now);
  const live = Object.values(s.leases).filter((l) => l.until > now);
  return {
    requestsPerMinute: limits.requestsPerMinute,
    burst,
    tokensLeft: Math.floor(Math.min(burst, s.tokens + Math.max(0, now - s.refilledAt) * perMs)),
    readsInFlight: live.filter((l) => l.kind === 'read').length,
    writesInFlight: live.filter((l) => l.kind === 'write').length,
    maxConcurrentReads: limits.maxConcurrentReads,
    maxConcurrentWrites: limits.maxConcurrentWrites,
    pausedForMs: Math.max(0, s.pausedUntil - now),
  };
}

/** The upstream said 429: nobody sends until `until`. */
export function pauseUntil(state: BudgetState, until: number): void {
  state.pausedUntil = Math.max(state.pausedUntil, until);
}
