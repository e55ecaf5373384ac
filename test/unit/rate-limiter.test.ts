import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../src/platform/ratelimit/rate-limiter';

/** Virtual time: sleeping moves the clock, so limits are measured exactly and instantly. */
function virtualTime() {
  let now = 0;
  return { now: () => now, sleep: async (ms: number) => void (now += ms) };
}

describe('rate limiter', () => {
  it('spends the burst, then paces requests to the per-minute rate', async () => {
    const time = virtualTime();
    const limiter = createRateLimiter(
      { requestsPerMinute: 1500, burst: 50, maxConcurrentReads: 50, maxConcurrentWrites: 15 },
      time,
    );
    const startedAt: number[] = [];
    for (let i = 0; i < 200; i++) await limiter.schedule('read', async () => void startedAt.push(time.now()));
    expect(startedAt.slice(0, 50).every((t) => t === 0)).toBe(true);
    // 150 more at (1500 - 50) per minute, so no rolling minute exceeds 1,500: 6.2 s.
    expect(startedAt.at(-1)).toBeGreaterThanOrEqual(6_180);
    expect(startedAt.at(-1)).toBeLessThanOrEqual(6_250);
    const inFirstMinute = startedAt.filter((t) => t < 60_000).length;
    expect(inFirstMinute).toBeLessThanOrEqual(1500);
  });

  it('never runs more writes at once than allowed', async () => {
    const time = virtualTime();
    const limiter = createRateLimiter(
      { requestsPerMinute: 60_000, burst: 1_000, maxConcurrentReads: 50, maxConcurrentWrites: 15 },
      time,
    );
    let active = 0;
    let peak = 0;
    const release: Array<() => void> = [];
    const writes = Array.from({ length: 40 }, () =>
      limiter.schedule('write', async () => {
        peak = Math.max(peak, ++active);
        await new Promise<void>((resolve) => release.push(resolve));
        active--;
      }),
    );
    for (let round = 0; round < 10 && release.length < 40; round++) {
      await new Promise((r) => setTimeout(r, 1));
      release.splice(0).forEach((r) => r());
    }
    for (let round = 0; round < 20; round++) {
      await new Promise((r) => setTimeout(r, 1));
      release.splice(0).forEach((r) => r());
    }
    await Promise.all(writes);
    expect(peak).toBe(15);
  });

  it('holds every request for the Retry-After of a 429', async () => {
    const time = virtualTime();
    const limiter = createRateLimiter(
      { requestsPerMinute: 1500, burst: 50, maxConcurrentReads: 50, maxConcurrentWrites: 15 },
      time,
    );
    await limiter.schedule('read', async () => limiter.pause(30_000));
    let startedAt = -1;
    await limiter.schedule('write', async () => void (startedAt = time.now()));
    expect(startedAt).toBe(30_000);
  });
});
