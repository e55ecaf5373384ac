import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

const DAY = 86_400_000;

export interface ForecastInput {
  /** When the mapping's requests were done (epoch ms): the throughput history sampled. */
  doneTimes: readonly number[];
  /** How many past days are sampled (each day's count of requests done is one sample). */
  historyDays: number;
  now: number;
  /** Per request: how many requests must be done for it to be (1 = it is next). */
  positions: readonly number[];
  /** Simulated futures (more: steadier percentiles, slower). */
  trials: number;
  /** The random source's seed: the same input and seed give the same forecast. */
  seed: number;
  /** Farther than this many days is reported as no forecast (null). */
  horizonDays: number;
}

/** The dates by which a request is 50% and 85% likely to be done; null when beyond the horizon or no history. */
export interface Forecast {
  p50: number | null;
  p85: number | null;
}

/**
 * Pure: a Monte Carlo forecast over recent throughput, as jira-agile-metrics does in batch. Each
 * trial draws one past day's throughput for every future day until every request's position is
 * reached; a request is done on the day the running total reaches its position. Its 50% and 85%
 * dates are those percentiles of its trials' days, so the 85% date is never before the 50% one.
 */
export function forecast(input: ForecastInput): Forecast[] {
  const samples = dailyThroughput(input.doneTimes, input.now, input.historyDays);
  const none = input.positions.map(() => ({ p50: null, p85: null }));
  if (!samples.some((n) => n > 0) || !input.positions.length) return none;
  const order = input.positions.map((position, i) => ({ position, i })).sort((a, b) => a.position - b.position);
  const days = order.map(() => new Float64Array(input.trials).fill(Infinity));
  const rng = xoroshiro128plus(input.seed);
  for (let trial = 0; trial < input.trials; trial++) {
    let next = 0;
    let done = 0;
    for (let day = 1; day <= input.horizonDays && next < order.length; day++) {
      done += samples[uniformInt(rng, 0, samples.length - 1)]!;
      while (next < order.length && done >= order[next]!.position) days[next++]![trial] = day;
    }
  }
  const at = (sorted: Float64Array, p: number) => {
    const d = sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
    return Number.isFinite(d) ? input.now + d * DAY : null;
  };
  const out: Forecast[] = [...none];
  order.forEach(({ i }, k) => {
    const sorted = days[k]!.sort();
    out[i] = { p50: at(sorted, 0.5), p85: at(sorted, 0.85) };
  });
  return out;
}

/** Pure: requests done per day over the `historyDays` days before `now`, newest day first. */
export function dailyThroughput(doneTimes: readonly number[], now: number, historyDays: number): number[] {
  const counts = new Array<number>(historyDays).fill(0);
  for (const t of doneTimes) {
    const ago = Math.floor((now - t) / DAY);
    if (t <= now && ago < historyDays) counts[ago]!++;
  }
  return counts;
}

/**
 * Pure: each open request's place in the queue, 1-based. Work already started comes first, the
 * longest started first; then work not started, the oldest first: the order a team pulls work in.
 */
export function queuePositions(open: ReadonlyArray<{ startedAt: number | null; createdAt: number }>): number[] {
  const order = open
    .map((r, i) => ({ i, started: r.startedAt !== null, at: r.startedAt ?? r.createdAt }))
    .sort((a, b) => Number(b.started) - Number(a.started) || a.at - b.at);
  const positions = new Array<number>(open.length);
  order.forEach(({ i }, k) => (positions[i] = k + 1));
  return positions;
}

/** Pure: a 32-bit seed from text (FNV-1a), so a forecast is the same all day for the same mapping. */
export function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h | 0;
}
