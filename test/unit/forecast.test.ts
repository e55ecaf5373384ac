import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dailyThroughput, forecast, queuePositions, seedOf } from '../../src/engine/forecast/forecast';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 1, 9);
const base = { historyDays: 28, now: NOW, trials: 500, seed: 7, horizonDays: 730 };
// Two requests done every day of the last four weeks but one.
const steady = Array.from({ length: 27 }, (_, d) => [NOW - d * DAY - 3_600_000, NOW - d * DAY - 7_200_000]).flat();

describe('Monte Carlo forecast', () => {
  it('is the same for the same input and seed, and may differ for another seed', () => {
    const input = { ...base, doneTimes: steady.slice(0, 20), positions: [1, 5, 9, 30] };
    expect(forecast(input)).toEqual(forecast(input));
    expect(forecast(input)).not.toEqual(forecast({ ...input, seed: 8 }));
  });

  it('dates a request later the farther back in the queue it is, the 85% date never before the 50% one', () => {
    const result = forecast({ ...base, doneTimes: steady, positions: [40, 1, 10] });
    const [far, next, middle] = result;
    expect(next!.p50).toBe(NOW + DAY); // two a day: the next one is done tomorrow in most futures
    expect(middle!.p50!).toBeGreaterThan(next!.p50!);
    expect(far!.p50!).toBeGreaterThan(middle!.p50!);
    // Forty at about two a day: twenty days, give or take.
    expect((far!.p50! - NOW) / DAY).toBeGreaterThanOrEqual(19);
    expect((far!.p50! - NOW) / DAY).toBeLessThanOrEqual(23);
    for (const f of result) expect(f.p85!).toBeGreaterThanOrEqual(f.p50!);
  });

  it('gives no date without any throughput in the history, or beyond the horizon', () => {
    expect(forecast({ ...base, doneTimes: [], positions: [1] })).toEqual([{ p50: null, p85: null }]);
    const old = [NOW - 60 * DAY]; // outside the 28 days sampled
    expect(forecast({ ...base, doneTimes: old, positions: [1] })).toEqual([{ p50: null, p85: null }]);
    const slow = [NOW - DAY]; // one in 28 days: 100 requests take about eight years
    expect(forecast({ ...base, doneTimes: slow, positions: [100] })).toEqual([{ p50: null, p85: null }]);
  });

  it('property: the 85% date is never before the 50% date, and a later position is never dated earlier', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 28 * DAY - 1 }), { maxLength: 60 }),
        fc.array(fc.integer({ min: 1, max: 80 }), { minLength: 1, maxLength: 12 }),
        fc.integer(),
        (ago, positions, seed) => {
          const result = forecast({ ...base, trials: 200, doneTimes: ago.map((a) => NOW - a), positions, seed });
          result.forEach((f, i) => {
            if (f.p50 !== null && f.p85 !== null) expect(f.p85).toBeGreaterThanOrEqual(f.p50);
            if (f.p50 === null) expect(f.p85).toBeNull();
            result.forEach((g, j) => {
              if (positions[j]! > positions[i]! && f.p50 !== null && g.p50 !== null)
                expect(g.p50).toBeGreaterThanOrEqual(f.p50);
            });
          });
        },
      ),
      { numRuns: 150 },
    );
  });

  it('counts the requests done on each past day, newest day first', () => {
    expect(dailyThroughput([NOW - 1, NOW - DAY - 1, NOW - DAY - 2, NOW + 5, NOW - 9 * DAY], NOW, 3)).toEqual([1, 2, 0]);
  });

  it('queues work already started first (the longest started first), then the rest oldest first', () => {
    expect(
      queuePositions([
        { startedAt: null, createdAt: 10 },
        { startedAt: 50, createdAt: 1 },
        { startedAt: null, createdAt: 5 },
        { startedAt: 20, createdAt: 2 },
      ]),
    ).toEqual([4, 2, 3, 1]);
  });

  it('seeds from text, the same text the same seed', () => {
    expect(seedOf('default:20000')).toBe(seedOf('default:20000'));
    expect(seedOf('default:20000')).not.toBe(seedOf('default:20001'));
  });
});
