import fc from 'fast-check';
import { flowValues } from '../../src/engine/flow-field-values';
import { describe, expect, it } from 'vitest';
import { parseJiraDateTime } from '../../src/adapters/jira/jira-dates';
import { flowMetrics, type StatusRef } from '../../src/engine/flow/flow-metrics';
import { flowReport, percentile, weekStart, type FlowSnapshot } from '../../src/engine/flow/flow-report';

const H = 3_600_000;
const todo: StatusRef = { name: 'To Do', category: 'new' };
const doing: StatusRef = { name: 'In Progress', category: 'indeterminate' };
const blocked: StatusRef = { name: 'Blocked', category: 'indeterminate' };
const done: StatusRef = { name: 'Done', category: 'done' };
const backlog: StatusRef = { name: 'Backlog', category: 'new' };
const base = { startAt: 0, initial: todo, blockedStatuses: ['blocked'] };

describe('flow metrics', () => {
  it('a reopened issue: lead time to its last arrival in done, cycle time from its first start, one reopening', () => {
    const m = flowMetrics({
      ...base,
      now: 100 * H,
      changes: [
        { at: 10 * H, to: doing },
        { at: 20 * H, to: done },
        { at: 30 * H, to: doing }, // reopened
        { at: 45 * H, to: done },
      ],
    });
    expect(m).toMatchObject({ leadTimeMs: 45 * H, cycleTimeMs: 35 * H, reopenings: 1, doneAt: 45 * H });
    expect(m.timeInStatus).toEqual({ 'To Do': 10 * H, 'In Progress': 25 * H, Done: 10 * H });
    expect(m.timeInCategory).toEqual({ new: 10 * H, indeterminate: 25 * H, done: 10 * H, unknown: 0 });
  });

  it('an issue moved between projects keeps its history: the move is one more status change', () => {
    const m = flowMetrics({
      ...base,
      now: 50 * H,
      changes: [
        { at: 5 * H, to: doing },
        { at: 8 * H, to: backlog }, // moved to another project, whose workflow starts in Backlog
        { at: 12 * H, to: doing },
      ],
    });
    expect(m).toMatchObject({ leadTimeMs: null, cycleTimeMs: null, current: doing, inCurrentStatusMs: 38 * H });
    expect(m.timeInStatus).toEqual({ 'To Do': 5 * H, 'In Progress': 41 * H, Backlog: 4 * H });
  });

  it('an issue blocked twice: both spells count as blocked time', () => {
    const m = flowMetrics({
      ...base,
      now: 99 * H,
      changes: [
        { at: 1 * H, to: doing },
        { at: 2 * H, to: blocked },
        { at: 5 * H, to: doing },
        { at: 6 * H, to: blocked },
        { at: 10 * H, to: doing },
        { at: 11 * H, to: done },
      ],
    });
    expect(m).toMatchObject({ blockedMs: 7 * H, leadTimeMs: 11 * H, cycleTimeMs: 10 * H, reopenings: 0 });
  });

  it('measures real elapsed time across a daylight saving change (Europe/Berlin, 29 March 2026: a 23-hour day)', () => {
    const startAt = parseJiraDateTime('2026-03-28T12:00:00.000+0100');
    const m = flowMetrics({
      ...base,
      startAt,
      now: startAt + 100 * H,
      changes: [{ at: parseJiraDateTime('2026-03-29T12:00:00.000+0200'), to: done }],
    });
    expect(m.leadTimeMs).toBe(23 * H);
  });

  it('time in each status sums to the lead time, for any history (property)', () => {
    const status = fc.constantFrom(todo, doing, blocked, done, backlog);
    fc.assert(
      fc.property(
        fc.array(fc.record({ at: fc.integer({ min: -5 * H, max: 200 * H }), to: status }), { maxLength: 30 }),
        fc.integer({ min: 0, max: 300 * H }),
        (changes, now) => {
          const m = flowMetrics({ ...base, now, changes });
          const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
          expect(Object.values(m.timeInStatus).every((ms) => ms >= 0)).toBe(true);
          expect(sum(m.timeInCategory)).toBe(sum(m.timeInStatus));
          if (m.leadTimeMs !== null) expect(sum(m.timeInStatus)).toBe(m.leadTimeMs);
          else expect(sum(m.timeInStatus)).toBe(now);
          if (m.cycleTimeMs !== null) expect(m.cycleTimeMs).toBeLessThanOrEqual(m.leadTimeMs!);
        },
      ),
    );
  });
});

describe('flow report', () => {
  const DAY = 86_400_000;
  const now = Date.parse('2026-12-02T12:00:00Z'); // a Wednesday
  const snap = (key: string, over: Partial<FlowSnapshot>): FlowSnapshot => ({
    jiraKey: key,
    status: 'Done',
    statusCategory: 'done',
    statusSince: 0,
    createdAt: now - 60 * DAY,
    startedAt: null,
    doneAt: null,
    cycleMs: null,
    leadMs: null,
    ...over,
  });

  it('weeks start on Monday (UTC), and percentiles are nearest-rank', () => {
    expect(new Date(weekStart(now)).toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(percentile([], 50)).toBeNull();
    expect([50, 85, 95].map((p) => percentile([5, 1, 4, 2, 3, 10, 7, 6, 9, 8], p))).toEqual([5, 9, 10]);
  });

  it('counts throughput per week, times of the work done in the period, and the work in progress by age', () => {
    const report = flowReport(
      [
        snap('A-1', { doneAt: now - 1 * DAY, cycleMs: 2 * DAY, leadMs: 5 * DAY }),
        snap('A-2', { doneAt: now - 8 * DAY, cycleMs: 4 * DAY, leadMs: 9 * DAY }),
        snap('A-3', { doneAt: now - 100 * DAY, cycleMs: 99 * DAY, leadMs: 99 * DAY }), // before the period
        snap('A-4', { status: 'In Progress', statusCategory: 'indeterminate', startedAt: now - 3 * DAY }),
        snap('A-5', { status: 'Blocked', statusCategory: 'indeterminate', startedAt: now - 20 * DAY }),
        snap('A-6', { status: 'To Do', statusCategory: 'new' }),
      ],
      now,
      4,
    );
    expect(report.weeks.map((w) => w.throughput)).toEqual([0, 0, 1, 1]);
    expect(report.cycleTimeMs).toEqual({ p50: 2 * DAY, p85: 4 * DAY, p95: 4 * DAY, count: 2 });
    expect(report.wipByStatus).toEqual({ 'In Progress': 1, Blocked: 1, 'To Do': 1 });
    expect(report.ageing.map((a) => [a.jiraKey, a.ageMs / DAY])).toEqual([
      ['A-5', 20],
      ['A-4', 3],
    ]);
  });
});

describe('flow fields', () => {
  const DAY = 86_400_000;
  const now = Date.UTC(2026, 10, 30, 12);
  const fields = {
    cycleTimeDays: { field: 'Cycle time' },
    daysInCurrentStatus: { field: 'Days in status' },
    reopenings: { field: 'Reopened' },
    forecast85: { field: 'Ships by' },
  };
  const open = {
    statusSince: now - 2.25 * DAY,
    doneAt: null,
    leadMs: null,
    cycleMs: null,
    blockedMs: 0,
    reopenings: 1,
    forecastP50: now + 3 * DAY,
    forecastP85: now + 8 * DAY,
  };

  it('gives days to one decimal, counts, and the forecast as a date; nothing for what is not configured', () => {
    expect(flowValues(fields, open, now)).toEqual({
      'Cycle time': null,
      'Days in status': { type: 'number', value: 2.3 },
      Reopened: { type: 'number', value: 1 },
      'Ships by': { type: 'date', date: '2026-12-08' },
    });
  });

  it('once done: the cycle time, and no days in status or forecast', () => {
    const done = { ...open, doneAt: now - DAY, cycleMs: 4.04 * DAY, leadMs: 9 * DAY };
    expect(flowValues(fields, done, now)).toEqual({
      'Cycle time': { type: 'number', value: 4 },
      'Days in status': null,
      Reopened: { type: 'number', value: 1 },
      'Ships by': null,
    });
  });
});
