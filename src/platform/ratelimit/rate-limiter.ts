import type { Clock } from '../clock/clock';
import { admit, budgetUsage, freshBudget, giveBack, pauseUntil, type BudgetUsage, type RateLimits } from './budget';

/**
 * A token bucket with concurrency caps, one per API and token, so the bridge stays under an
 * upstream's limits instead of provoking 429s: requests wait for a token (refilled evenly over
 * the minute) and for a free slot; a 429 pauses everyone until its Retry-After.
 */
export interface RateLimiter {
  schedule<T>(kind: 'read' | 'write', task: () => Promise<T>): Promise<T>;
  /** The upstream said 429: hold every request for `ms`. */
  pause(ms: number): void;
  /** How much of the budget is in use now. */
  usage(): Promise<BudgetUsage>;
}

export type { BudgetUsage, RateLimits } from './budget';

/** The in-process limiter: one budget in memory, shared by everything this process sends. */
export function createRateLimiter(limits: RateLimits, time: Clock): RateLimiter {
  const state = freshBudget(limits, time.now());
  const waiting: Array<() => void> = [];
  let leases = 0;
  // One admission at a time keeps the order fair (first come, first served).
  let gate: Promise<void> = Promise.resolve();

  async function admitted(kind: 'read' | 'write'): Promise<string> {
    const leaseId = String(++leases);
    for (;;) {
      // In one process a lease is always given back (finally), so it never needs to lapse.
      const decision = admit(state, limits, kind, leaseId, time.now(), Number.MAX_SAFE_INTEGER / 2);
      if (decision.admitted) return leaseId;
      if (decision.reason === 'slots') await new Promise<void>((resolve) => waiting.push(resolve));
      else await time.sleep(decision.retryInMs);
    }
  }

  return {
    async schedule(kind, task) {
      const turn = gate.then(() => admitted(kind));
      gate = turn.then(
        () => undefined,
        () => undefined,
      );
      const leaseId = await turn;
      try {
        return await task();
      } finally {
        giveBack(state, leaseId);
        waiting.splice(0).forEach((wake) => wake());
      }
    },
    pause(ms) {
      pauseUntil(state, time.now() + ms);
    },
    async usage() {
      return budgetUsage(state, limits, time.now());
    },
  };
}
