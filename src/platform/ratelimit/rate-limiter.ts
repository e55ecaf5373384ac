import type { Clock } from '../clock/clock';

/**
 * A token bucket with concurrency caps, one per API and token, so the bridge stays under an
 * upstream's limits instead of provoking 429s: requests wait for a token (refilled evenly over
 * the minute) and for a free slot; a 429 pauses everyone until its Retry-After.
 */
export interface RateLimiter {
  schedule<T>(kind: 'read' | 'write', task: () => Promise<T>): Promise<T>;
  /** The upstream said 429: hold every request for `ms`. */
  pause(ms: number): void;
}

export interface RateLimits {
  requestsPerMinute: number;
  /** Tokens that may be spent at once after a quiet spell. */
  burst: number;
  maxConcurrentReads: number;
  maxConcurrentWrites: number;
}

export function createRateLimiter(limits: RateLimits, time: Clock): RateLimiter {
  // Refilling at (limit - burst) per minute keeps any rolling minute, burst included, within the limit.
  const burst = Math.min(limits.burst, Math.floor(limits.requestsPerMinute / 2));
  const perMs = (limits.requestsPerMinute - burst) / 60_000;
  let tokens = burst;
  let refilledAt = time.now();
  let pausedUntil = 0;
  const active = { read: 0, write: 0 };
  const cap = { read: limits.maxConcurrentReads, write: limits.maxConcurrentWrites };
  const waiting: Array<() => void> = [];
  // One admission at a time keeps the order fair (first come, first served).
  let gate: Promise<void> = Promise.resolve();

  function refill() {
    const now = time.now();
    tokens = Math.min(burst, tokens + (now - refilledAt) * perMs);
    refilledAt = now;
  }

  async function admit(kind: 'read' | 'write') {
    for (;;) {
      const now = time.now();
      if (pausedUntil > now) {
        await time.sleep(pausedUntil - now);
        continue;
      }
      refill();
      if (tokens < 1) {
        await time.sleep(Math.ceil((1 - tokens) / perMs));
        continue;
      }
      if (active[kind] >= cap[kind]) {
        await new Promise<void>((resolve) => waiting.push(resolve));
        continue;
      }
      tokens -= 1;
      active[kind] += 1;
      return;
    }
  }

  return {
    async schedule(kind, task) {
      const turn = gate.then(() => admit(kind));
      gate = turn.catch(() => undefined);
      await turn;
      try {
        return await task();
      } finally {
        active[kind] -= 1;
        waiting.splice(0).forEach((wake) => wake());
      }
    },
    pause(ms) {
      pausedUntil = Math.max(pausedUntil, time.now() + ms);
    },
  };
}
