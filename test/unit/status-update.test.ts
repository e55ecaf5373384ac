import { describe, expect, it } from 'vitest';
import {
  composeStatusUpdate,
  ITEMS_PER_SECTION,
  type ReportRequest,
} from '../../src/engine/report/compose-status-update';
import { duePeriods, periodLabel } from '../../src/engine/report/report-period';
import { statusOf } from '../../src/engine/report/status-rules';

const DAY = 86_400_000;
// Monday 30 Nov 2026, 9:00 in Paris (08:00 UTC): the update of 23-30 Nov is due.
const END = Date.UTC(2026, 10, 30, 8);
const START = END - 7 * DAY;
const RULES = { offTrack: { blockedDays: 10, overdueShare: 0.25 }, atRisk: { blockedDays: 3, overdueShare: 0.1 } };

const request = (key: string, over: Partial<ReportRequest> = {}): ReportRequest => ({
  jiraKey: key,
  summary: `Feature ${key}`,
  jiraUrl: `https://acme.atlassian.net/browse/${key}`,
  taskId: String(key.length),
  taskUrl: `https://app.asana.com/0/1/${key.length}`,
  status: 'In Progress',
  statusCategory: 'indeterminate',
  statusSince: START - DAY,
  createdAt: START - 20 * DAY,
  startedAt: START - 10 * DAY,
  doneAt: null,
  cycleMs: null,
  dueDate: null,
  linkedAt: START - 20 * DAY,
  ...over,
});
const compose = (requests: ReportRequest[]) =>
  composeStatusUpdate({
    title: 'Weekly status: 23 Nov – 30 Nov 2026',
    timeZone: 'Europe/Paris',
    period: { start: START, end: END },
    previous: { start: START - 7 * DAY, end: START },
    requests,
    blockedStatuses: ['Blocked'],
    rules: RULES,
  });

describe('status update, composed', () => {
  it('says what shipped, started, is blocked since when, passed its date, was committed, and when the rest ships', () => {
    const update = compose([
      request('ABC-1', { statusCategory: 'done', status: 'Done', doneAt: START + DAY, cycleMs: 4 * DAY }),
      request('ABC-2', { startedAt: START + 2 * DAY, statusSince: START + 2 * DAY }),
      request('ABC-3', { status: 'Blocked', statusSince: END - 5 * DAY }),
      request('ABC-4', { dueDate: '2026-11-20' }),
      request('ABC-5', { linkedAt: START + 3 * DAY, startedAt: null, statusCategory: 'new', status: 'To Do' }),
      request('ABC-6', { forecast: { p50: END + 3 * DAY, p85: END + 9 * DAY } }),
      request('ABC-7', { statusCategory: 'done', status: 'Done', doneAt: START - 2 * DAY, cycleMs: 6 * DAY }),
    ]);
    expect(update.sections.map((s) => [s.heading, s.count])).toEqual([
      ['Shipped', 1],
      ['Started', 1],
      ['Blocked', 1],
      ['Past target date', 1],
      ['Committed', 1],
      ['When will it ship', 1],
    ]);
    const lines = update.sections.flatMap((s) => s.items);
    expect(lines).toContain(
      'ABC-1 Feature ABC-1 (done 24 Nov): https://acme.atlassian.net/browse/ABC-1 · https://app.asana.com/0/1/5',
    );
    expect(lines.find((l) => l.startsWith('ABC-3'))).toContain('blocked since 25 Nov, 5 days');
    expect(lines.find((l) => l.startsWith('ABC-4'))).toContain('due 2026-11-20, In Progress');
    expect(lines.find((l) => l.startsWith('ABC-6'))).toContain('50% by 3 Dec, 85% by 9 Dec');
    // Blocked five days is past the at-risk threshold (3), not the off-track one (10).
    expect(update.statusType).toBe('at_risk');
    expect(update.text).toContain('Throughput: 1 done (previous period: 1).');
    expect(update.text).toContain(
      'Cycle time: median 4 days, 85th percentile 4 days (previous period: 6 days, 6 days).',
    );
    expect(update.text.startsWith('At risk: 1 request blocked for 3 days or more.')).toBe(true);
  });

  it('is on track with nothing blocked or late, and says so', () => {
    const update = compose([request('ABC-1')]);
    expect(update.statusType).toBe('on_track');
    expect(update.reasons).toEqual([]);
    expect(update.text.startsWith('On track.')).toBe(true);
  });

  it('lists at most ITEMS_PER_SECTION items a section and counts the rest', () => {
    const many = Array.from({ length: ITEMS_PER_SECTION + 7 }, (_, i) =>
      request(`ABC-${i + 1}`, { linkedAt: START + DAY }),
    );
    const committed = compose(many).sections.find((s) => s.heading === 'Committed')!;
    expect(committed.count).toBe(ITEMS_PER_SECTION + 7);
    expect(committed.items).toHaveLength(ITEMS_PER_SECTION + 1);
    expect(committed.items.at(-1)).toBe('… and 7 more');
  });
});

describe('status rules', () => {
  it('is off track first, then at risk, by blocked days or the share of open requests past their date', () => {
    expect(statusOf(RULES, { blockedDays: [11], overdue: 0, open: 10 }).statusType).toBe('off_track');
    expect(statusOf(RULES, { blockedDays: [], overdue: 3, open: 10 }).statusType).toBe('off_track');
    expect(statusOf(RULES, { blockedDays: [], overdue: 1, open: 10 })).toEqual({
      statusType: 'at_risk',
      reasons: ['1 open request of 10 (10%) past the target date.'],
    });
    expect(statusOf(RULES, { blockedDays: [2.9], overdue: 0, open: 10 }).statusType).toBe('on_track');
    expect(statusOf(RULES, { blockedDays: [], overdue: 0, open: 0 }).statusType).toBe('on_track');
  });
});

describe('report periods', () => {
  it('ends at the newest schedule time, read in its time zone, and compares with the period before', () => {
    expect(duePeriods('0 9 * * MON', 'Europe/Paris', END)).toEqual({
      period: { start: START, end: END },
      previous: { start: START - 7 * DAY, end: START },
    });
    // A minute before 9:00 the update of the week before is still the newest due.
    expect(duePeriods('0 9 * * MON', 'Europe/Paris', END - 60_000)?.period.end).toBe(START);
  });

  it('keeps 9:00 local across a daylight saving change (a period of 7 days minus an hour)', () => {
    // Europe/Paris leaves summer time on Sunday 25 Oct 2026.
    const after = Date.UTC(2026, 9, 26, 8); // Monday 26 Oct, 9:00 CET
    const due = duePeriods('0 9 * * MON', 'Europe/Paris', after)!;
    expect(due.period).toEqual({ start: Date.UTC(2026, 9, 19, 7), end: after });
    expect(due.period.end - due.period.start).toBe(7 * DAY + 3_600_000);
    expect(periodLabel(due.period, 'Europe/Paris')).toBe('19 Oct – 26 Oct 2026');
    // Periods within one day carry their times, so no two read the same.
    const hours = duePeriods('0 */4 * * *', 'Europe/Paris', after)!;
    expect(periodLabel(hours.period, 'Europe/Paris')).toBe('26 Oct 2026, 04:00 – 08:00');
    expect(periodLabel(hours.previous, 'Europe/Paris')).toBe('26 Oct 2026, 00:00 – 04:00');
  });
});
