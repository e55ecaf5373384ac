import type { Forecast } from '../forecast/forecast';
import { percentile, type FlowSnapshot } from '../flow/flow-report';
import type { ReportPeriod } from './report-period';
import { statusOf, type StatusRules } from './status-rules';

const DAY = 86_400_000;
/** Items listed per section; the rest are counted, so a big portfolio's update stays readable. */
export const ITEMS_PER_SECTION = 25;

/** One linked request, as the update sees it: its flow (see FlowSnapshot), its links, its target date. */
export interface ReportRequest extends Pick<
  FlowSnapshot,
  'jiraKey' | 'status' | 'statusCategory' | 'statusSince' | 'createdAt' | 'startedAt' | 'doneAt' | 'cycleMs'
> {
  summary: string;
  jiraUrl: string;
  /** The tracker task (opaque id). */
  taskId: string;
  taskUrl: string | null;
  /** Its target date, `YYYY-MM-DD`, or null. */
  dueDate: string | null;
  /** When it was linked (committed) in the bridge. */
  linkedAt: number;
  forecast?: Forecast | undefined;
}

export interface StatusUpdateInput {
  /** The update's title, period included (it identifies the update: one per title). */
  title: string;
  timeZone: string;
  period: ReportPeriod;
  previous: ReportPeriod;
  requests: readonly ReportRequest[];
  blockedStatuses: readonly string[];
  rules: StatusRules;
}

export interface StatusUpdate {
  title: string;
  statusType: 'on_track' | 'at_risk' | 'off_track';
  /** Why it is not on track (empty when it is). */
  reasons: string[];
  sections: Array<{ heading: string; count: number; items: string[] }>;
  /** The whole update as plain text, links written out. */
  text: string;
}

/**
 * Pure: the status update of a period. It says what shipped, started, is blocked (since when),
 * passed its target date, was committed, and when the open requests will likely ship; and the
 * throughput and cycle time against the period before. Every item names its Jira issue and task.
 */
export function composeStatusUpdate(input: StatusUpdateInput): StatusUpdate {
  const { period, previous, timeZone } = input;
  const within = (at: number | null, p: ReportPeriod) => at !== null && at >= p.start && at < p.end;
  const blocked = new Set(input.blockedStatuses.map((s) => s.trim().toLowerCase()));
  const today = isoDay(period.end, timeZone);
  const open = input.requests.filter((r) => r.doneAt === null || r.doneAt >= period.end);
  const shipped = input.requests.filter((r) => within(r.doneAt, period));
  const shippedBefore = input.requests.filter((r) => within(r.doneAt, previous));
  const isBlocked = (r: ReportRequest) => r.doneAt === null && blocked.has(r.status.trim().toLowerCase());
  const blockedNow = open.filter(isBlocked).sort((a, b) => a.statusSince - b.statusSince);
  const overdue = open
    .filter((r) => r.dueDate !== null && r.dueDate < today)
    .sort((a, b) => a.dueDate!.localeCompare(b.dueDate!));
  const { statusType, reasons } = statusOf(input.rules, {
    blockedDays: blockedNow.map((r) => (period.end - r.statusSince) / DAY),
    overdue: overdue.length,
    open: open.length,
  });

  const day = (at: number) => shortDay(at, timeZone);
  const item = (r: ReportRequest, detail?: string) =>
    `${r.jiraKey} ${r.summary}${detail ? ` (${detail})` : ''}: ${r.jiraUrl}${r.taskUrl ? ` · ${r.taskUrl}` : ''}`;
  const sections = [
    section('Shipped', shipped, (r) => item(r, `done ${day(r.doneAt!)}`)),
    section(
      'Started',
      input.requests.filter((r) => within(r.startedAt, period)),
      (r) => item(r, r.status),
    ),
    section('Blocked', blockedNow, (r) => {
      const days = Math.floor((period.end - r.statusSince) / DAY);
      return item(r, `blocked since ${day(r.statusSince)}, ${days} day${days === 1 ? '' : 's'}`);
    }),
    section('Past target date', overdue, (r) => item(r, `due ${r.dueDate}, ${r.status}`)),
    section(
      'Committed',
      input.requests.filter((r) => within(r.linkedAt, period)),
      (r) => item(r),
    ),
    section(
      'When will it ship',
      open.filter((r) => r.forecast?.p50 != null),
      (r) => item(r, `50% by ${day(r.forecast!.p50!)}, 85% by ${r.forecast!.p85 ? day(r.forecast!.p85) : 'later'}`),
    ),
  ].filter((s) => s.count > 0);

  const cycle = (rs: readonly ReportRequest[]) => rs.flatMap((r) => (r.cycleMs === null ? [] : [r.cycleMs]));
  const days = (ms: number | null) => (ms === null ? 'n/a' : `${Math.round((ms / DAY) * 10) / 10} days`);
  const now = cycle(shipped);
  const before = cycle(shippedBefore);
  const flow = [
    `Throughput: ${shipped.length} done (previous period: ${shippedBefore.length}).`,
    `Cycle time: median ${days(percentile(now, 50))}, 85th percentile ${days(percentile(now, 85))}` +
      ` (previous period: ${days(percentile(before, 50))}, ${days(percentile(before, 85))}).`,
    `Open: ${open.length}, ${blockedNow.length} blocked, ${overdue.length} past their target date.`,
  ];
  const headline = { on_track: 'On track.', at_risk: 'At risk:', off_track: 'Off track:' }[statusType];
  const text = [
    [headline, ...reasons].join(' '),
    flow.join('\n'),
    ...sections.map((s) => [`${s.heading} (${s.count})`, ...s.items.map((i) => `• ${i}`)].join('\n')),
  ].join('\n\n');
  return { title: input.title, statusType, reasons, sections, text };
}

function section(heading: string, rs: readonly ReportRequest[], line: (r: ReportRequest) => string) {
  const items = rs.slice(0, ITEMS_PER_SECTION).map(line);
  if (rs.length > ITEMS_PER_SECTION) items.push(`… and ${rs.length - ITEMS_PER_SECTION} more`);
  return { heading, count: rs.length, items };
}

/** Pure: the calendar day (YYYY-MM-DD) holding `at` in `timeZone`. */
export function isoDay(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(at),
  );
}

function shortDay(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'short' }).format(new Date(at));
}
