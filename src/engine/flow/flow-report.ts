/** One request's flow as kept between runs (see flow_snapshots). */
export interface FlowSnapshot {
  jiraKey: string;
  status: string;
  statusCategory: 'new' | 'indeterminate' | 'done' | null;
  /** When it entered its current status. */
  statusSince: number;
  createdAt: number;
  startedAt: number | null;
  doneAt: number | null;
  cycleMs: number | null;
  leadMs: number | null;
}

const WEEK = 7 * 86_400_000;
const DAY = 86_400_000;

/** Pure: the start of the ISO week (Monday 00:00 UTC) holding `at`. */
export function weekStart(at: number): number {
  const day = Math.floor(at / DAY);
  // 1970-01-01 was a Thursday: Monday-based weekday = (day + 3) % 7.
  return (day - ((day + 3) % 7)) * DAY;
}

/** Pure: the `p`th percentile (0-100) of `values` by the nearest-rank method; null when empty. */
export function percentile(values: readonly number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

export interface FlowReport {
  weeks: Array<{ weekStart: number; throughput: number }>;
  cycleTimeMs: { p50: number | null; p85: number | null; p95: number | null; count: number };
  leadTimeMs: { p50: number | null; p85: number | null; p95: number | null; count: number };
  wipByStatus: Record<string, number>;
  /** Work in progress, oldest first: how long since it started (or was created). */
  ageing: Array<{ jiraKey: string; status: string; ageMs: number }>;
}

/**
 * Pure: the flow of a portfolio over the last `weeks` whole and current weeks: throughput per
 * week (requests done), cycle and lead time percentiles of the requests done in the period, the
 * work in progress per status and its ageing.
 */
export function flowReport(snapshots: readonly FlowSnapshot[], now: number, weeks: number): FlowReport {
  const first = weekStart(now) - (weeks - 1) * WEEK;
  const done = snapshots.filter((s) => s.doneAt !== null && s.doneAt >= first && s.doneAt <= now);
  const perWeek = Array.from({ length: weeks }, (_, i) => ({ weekStart: first + i * WEEK, throughput: 0 }));
  for (const s of done) perWeek[Math.floor((weekStart(s.doneAt!) - first) / WEEK)]!.throughput++;
  const stats = (values: number[]) => ({
    p50: percentile(values, 50),
    p85: percentile(values, 85),
    p95: percentile(values, 95),
    count: values.length,
  });
  const open = snapshots.filter((s) => s.doneAt === null);
  const wipByStatus: Record<string, number> = {};
  for (const s of open) wipByStatus[s.status] = (wipByStatus[s.status] ?? 0) + 1;
  return {
    weeks: perWeek,
    cycleTimeMs: stats(done.flatMap((s) => (s.cycleMs === null ? [] : [s.cycleMs]))),
    leadTimeMs: stats(done.flatMap((s) => (s.leadMs === null ? [] : [s.leadMs]))),
    wipByStatus,
    ageing: open
      .filter((s) => s.statusCategory !== 'new')
      .map((s) => ({ jiraKey: s.jiraKey, status: s.status, ageMs: now - (s.startedAt ?? s.createdAt) }))
      .sort((a, b) => b.ageMs - a.ageMs),
  };
}
