import { percentile, weekStart, type FlowSnapshot } from '../flow/flow-report';

/** One linked request as the dashboard sees it: its flow and where it lives. */
export interface DashboardRequest extends FlowSnapshot {
  mapping: string;
  taskId: string;
  summary: string;
  /** `YYYY-MM-DD`, or null. */
  dueDate: string | null;
}

export type Stage = 'To do' | 'In progress' | 'Done';

export interface PortfolioDashboard {
  period: { from: number; to: number; weeks: number };
  totals: { requests: number; open: number; done: number };
  byStage: Array<{ stage: Stage; count: number }>;
  byStatus: Array<{ status: string; stage: Stage; count: number }>;
  /** Requests in each stage at the end of each day of the period (a cumulative flow diagram). */
  cumulativeFlow: { days: number[]; toDo: number[]; inProgress: number[]; done: number[] };
  /** Requests done in the period: when, and their cycle time in days; with its percentiles. */
  cycleTime: {
    points: Array<{ jiraKey: string; doneAt: number; days: number }>;
    p50: number | null;
    p85: number | null;
    p95: number | null;
  };
  throughput: Array<{ weekStart: number; done: number }>;
  /** Work started and not done, oldest first, with how long since it started. */
  ageing: Array<DashboardRequest & { ageDays: number }>;
  /** Open requests in a blocked status, longest blocked first. */
  blocked: Array<DashboardRequest & { blockedDays: number }>;
  /** Open requests past their due date, most late first. */
  overdue: Array<DashboardRequest & { daysLate: number }>;
}

const DAY = 86_400_000;
const WEEK = 7 * DAY;
const roundDays = (ms: number) => Math.round((ms / DAY) * 10) / 10;

export function stageOf(r: Pick<DashboardRequest, 'statusCategory' | 'doneAt'>): Stage {
  if (r.doneAt !== null || r.statusCategory === 'done') return 'Done';
  return r.statusCategory === 'indeterminate' ? 'In progress' : 'To do';
}

/**
 * Pure: the portfolio's picture over the last `weeks` weeks (whole weeks, Monday to Monday UTC,
 * the current one included): where the requests stand, how work flowed into and through the
 * stages each day, how long the done ones took, and what is old, blocked or late.
 */
export function portfolioDashboard(
  requests: readonly DashboardRequest[],
  now: number,
  weeks: number,
  blockedStatuses: readonly string[],
): PortfolioDashboard {
  const from = weekStart(now) - (weeks - 1) * WEEK;
  const open = requests.filter((r) => stageOf(r) !== 'Done');
  const stages: Stage[] = ['To do', 'In progress', 'Done'];
  const statusCounts = new Map<string, { status: string; stage: Stage; count: number }>();
  for (const r of requests) {
    const entry = statusCounts.get(r.status) ?? { status: r.status, stage: stageOf(r), count: 0 };
    entry.count++;
    statusCounts.set(r.status, entry);
  }
  const doneInPeriod = requests.filter((r) => r.doneAt !== null && r.doneAt >= from && r.doneAt <= now);
  const cycleDays = doneInPeriod.flatMap((r) => (r.cycleMs === null ? [] : [r.cycleMs / DAY]));
  const today = new Date(now).toISOString().slice(0, 10);
  const blocked = new Set(blockedStatuses.map((s) => s.toLowerCase()));
  return {
    period: { from, to: now, weeks },
    totals: { requests: requests.length, open: open.length, done: requests.length - open.length },
    byStage: stages.map((stage) => ({ stage, count: requests.filter((r) => stageOf(r) === stage).length })),
    byStatus: [...statusCounts.values()].sort(
      (a, b) => stages.indexOf(a.stage) - stages.indexOf(b.stage) || b.count - a.count,
    ),
    cumulativeFlow: cumulativeFlow(requests, from, now),
    cycleTime: {
      points: doneInPeriod
        .filter((r) => r.cycleMs !== null)
        .map((r) => ({ jiraKey: r.jiraKey, doneAt: r.doneAt!, days: roundDays(r.cycleMs!) })),
      p50: nullableDays(percentile(cycleDays, 50)),
      p85: nullableDays(percentile(cycleDays, 85)),
      p95: nullableDays(percentile(cycleDays, 95)),
    },
    throughput: Array.from({ length: weeks }, (_, i) => {
      const start = from + i * WEEK;
      return { weekStart: start, done: doneInPeriod.filter((r) => weekStart(r.doneAt!) === start).length };
    }),
    ageing: open
      .filter((r) => r.startedAt !== null)
      .map((r) => ({ ...r, ageDays: roundDays(now - r.startedAt!) }))
      .sort((a, b) => b.ageDays - a.ageDays),
    blocked: open
      .filter((r) => blocked.has(r.status.toLowerCase()))
      .map((r) => ({ ...r, blockedDays: roundDays(now - r.statusSince) }))
      .sort((a, b) => b.blockedDays - a.blockedDays),
    overdue: open
      .filter((r) => r.dueDate !== null && r.dueDate < today)
      .map((r) => ({ ...r, daysLate: Math.round((Date.parse(today) - Date.parse(r.dueDate!)) / DAY) }))
      .sort((a, b) => b.daysLate - a.daysLate),
  };
}

const nullableDays = (days: number | null) => (days === null ? null : Math.round(days * 10) / 10);

/**
 * Per day of the period, how many requests had arrived, started and finished by its end (sorted
 * sweeps, so 10,000 requests over a year cost a few sorts, not a scan per day). A request done
 * without a recorded start counts as started when it was done.
 */
function cumulativeFlow(requests: readonly DashboardRequest[], from: number, now: number) {
  const sorted = (values: number[]) => values.sort((a, b) => a - b);
  const arrived = sorted(requests.map((r) => r.createdAt));
  const started = sorted(requests.flatMap((r) => r.startedAt ?? r.doneAt ?? []));
  const finished = sorted(requests.flatMap((r) => r.doneAt ?? []));
  const out = { days: [] as number[], toDo: [] as number[], inProgress: [] as number[], done: [] as number[] };
  const cursor = { a: 0, s: 0, f: 0 };
  for (let day = from; day <= now; day += DAY) {
    const end = Math.min(day + DAY - 1, now);
    while (cursor.a < arrived.length && arrived[cursor.a]! <= end) cursor.a++;
    while (cursor.s < started.length && started[cursor.s]! <= end) cursor.s++;
    while (cursor.f < finished.length && finished[cursor.f]! <= end) cursor.f++;
    out.days.push(day);
    out.toDo.push(Math.max(0, cursor.a - cursor.s));
    out.inProgress.push(Math.max(0, cursor.s - cursor.f));
    out.done.push(cursor.f);
  }
  return out;
}
