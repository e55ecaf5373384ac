import { describe, expect, it } from 'vitest';
import { linkHealth } from '../../src/engine/dashboard/link-health';
import { portfolioDashboard, type DashboardRequest } from '../../src/engine/dashboard/portfolio-dashboard';
import { weekStart } from '../../src/engine/flow/flow-report';
import { admit, budgetUsage, freshBudget, pauseUntil } from '../../src/platform/ratelimit/budget';
import { safeNext } from '../../src/http/console/console-auth';

const DAY = 86_400_000;
const NOW = Date.parse('2026-12-02T12:00:00Z');
const request = (key: string, over: Partial<DashboardRequest>): DashboardRequest => ({
  jiraKey: key,
  mapping: 'default',
  taskId: '1',
  summary: key,
  status: 'To Do',
  statusCategory: 'new',
  statusSince: NOW - 10 * DAY,
  createdAt: NOW - 10 * DAY,
  startedAt: null,
  doneAt: null,
  cycleMs: null,
  leadMs: null,
  dueDate: null,
  ...over,
});

describe('the portfolio dashboard (pure)', () => {
  const started = (key: string, daysAgo: number, over: Partial<DashboardRequest> = {}) =>
    request(key, { status: 'In Progress', statusCategory: 'indeterminate', startedAt: NOW - daysAgo * DAY, ...over });
  const done = (key: string, startedDaysAgo: number, doneDaysAgo: number) =>
    request(key, {
      status: 'Done',
      statusCategory: 'done',
      createdAt: NOW - (startedDaysAgo + 5) * DAY,
      startedAt: NOW - startedDaysAgo * DAY,
      doneAt: NOW - doneDaysAgo * DAY,
      cycleMs: (startedDaysAgo - doneDaysAgo) * DAY,
    });
  const all = [
    request('A-1', {}),
    started('A-2', 3),
    started('A-3', 20, { status: 'Blocked', statusSince: NOW - 4 * DAY }),
    started('A-4', 8, { dueDate: '2026-11-30' }),
    started('A-5', 1, { dueDate: '2026-12-02' }),
    done('A-6', 10, 2),
    done('A-7', 30, 25),
    done('A-8', 200, 150), // done before the period
  ];
  const d = portfolioDashboard(all, NOW, 12, ['blocked']);

  it('counts requests by stage and status', () => {
    expect(d.totals).toEqual({ requests: 8, open: 5, done: 3 });
    expect(d.byStage).toEqual([
      { stage: 'To do', count: 1 },
      { stage: 'In progress', count: 4 },
      { stage: 'Done', count: 3 },
    ]);
    expect(d.byStatus[0]).toEqual({ status: 'To Do', stage: 'To do', count: 1 });
    expect(d.byStatus.at(-1)).toEqual({ status: 'Done', stage: 'Done', count: 3 });
  });

  it('draws the cumulative flow per day: what had arrived, started and finished by each day end', () => {
    const cfd = d.cumulativeFlow;
    expect(cfd.days[0]).toBe(weekStart(NOW) - 11 * 7 * DAY);
    expect(cfd.days).toHaveLength(Math.floor((NOW - cfd.days[0]!) / DAY) + 1);
    const last = cfd.days.length - 1;
    expect([cfd.toDo[last], cfd.inProgress[last], cfd.done[last]]).toEqual([1, 4, 3]);
    // At the end of the day three days ago: and A-6 (done two days ago) were in
    // progress, A-7 and A-8 done, A-1 and A-5 (started yesterday) still to do.
    const i = cfd.days.findIndex((day) => day + DAY > NOW - 3 * DAY);
    expect([cfd.toDo[i], cfd.inProgress[i], cfd.done[i]]).toEqual([2, 4, 2]);
  });

  it('scatters the cycle times done in the period, with nearest-rank percentiles, and counts throughput per week', () => {
    expect(d.cycleTime.points.map((p) => [p.jiraKey, p.days])).toEqual([
      ['A-6', 8],
      ['A-7', 5],
    ]);
    expect([d.cycleTime.p50, d.cycleTime.p85, d.cycleTime.p95]).toEqual([5, 8, 8]);
    expect(d.throughput).toHaveLength(12);
    expect(d.throughput.reduce((n, w) => n + w.done, 0)).toBe(2);
    expect(d.throughput.find((w) => w.weekStart === weekStart(NOW - 2 * DAY))?.done).toBeGreaterThanOrEqual(1);
  });

  it('lists ageing work, blocked and overdue requests, worst first', () => {
    expect(d.ageing.map((r) => [r.jiraKey, r.ageDays])).toEqual([
      ['A-3', 20],
      ['A-4', 8],
      ['A-2', 3],
      ['A-5', 1],
    ]);
    expect(d.blocked.map((r) => [r.jiraKey, r.blockedDays])).toEqual([['A-3', 4]]);
    // Due today is not late; due two days ago is.
    expect(d.overdue.map((r) => [r.jiraKey, r.daysLate])).toEqual([['A-4', 2]]);
  });

  it('is empty, not broken, without requests', () => {
    const empty = portfolioDashboard([], NOW, 4, []);
    expect(empty.totals).toEqual({ requests: 0, open: 0, done: 0 });
    expect(empty.cycleTime).toEqual({ points: [], p50: null, p85: null, p95: null });
    expect(empty.cumulativeFlow.done.every((n) => n === 0)).toBe(true);
  });
});

describe('a link sync state and drift (pure)', () => {
  const base = { lastSyncedAt: NOW - DAY, pendingFields: [], deliveries: [], gaps: [] };
  it('is in sync with nothing pending', () => {
    expect(linkHealth(base, NOW)).toEqual({ state: 'in sync', drift: [] });
    expect(linkHealth({ ...base, lastSyncedAt: null }, NOW).state).toBe('never synced');
  });
  it('names each drifting field and why, the worst state first', () => {
    const h = linkHealth(
      {
        ...base,
        pendingFields: ['Delivery status'],
        deliveries: [
          { status: 'failed', createdAt: NOW - 60_000, lastError: 'Jira read failed: HTTP 503' },
          { status: 'pending', createdAt: NOW - 5 * 60_000, lastError: null },
        ],
        gaps: [{ field: 'Engineer', detail: 'Jira user Dana is not mapped' }],
      },
      NOW,
    );
    expect(h.state).toBe('failing');
    expect(h.drift).toEqual([
      { field: 'all fields', reason: expect.stringContaining('HTTP 503') },
      { field: 'Delivery status', reason: expect.stringContaining('interrupted') },
      { field: 'all fields', reason: '1 Jira change(s) waiting in the queue for 5 min' },
      { field: 'Engineer', reason: 'left unchanged: Jira user Dana is not mapped' },
    ]);
    expect(linkHealth({ ...base, gaps: [{ field: 'Engineer', detail: 'x' }] }, NOW).state).toBe('partly mapped');
  });
});

describe('a rate budget in use (pure)', () => {
  it('says the tokens left, the requests in flight and a pause, without spending anything', () => {
    const limits = { requestsPerMinute: 120, burst: 10, maxConcurrentReads: 4, maxConcurrentWrites: 1 };
    const state = freshBudget(limits, NOW);
    expect(admit(state, limits, 'read', 'a', NOW, 60_000).admitted).toBe(true);
    expect(admit(state, limits, 'write', 'b', NOW, 60_000).admitted).toBe(true);
    pauseUntil(state, NOW + 5_000);
    const usage = budgetUsage(state, limits, NOW);
    expect(usage).toMatchObject({ burst: 10, tokensLeft: 8, readsInFlight: 1, writesInFlight: 1, pausedForMs: 5_000 });
    expect(budgetUsage(state, limits, NOW).tokensLeft).toBe(8); // reading it spends nothing
    expect(budgetUsage(undefined, limits, NOW).tokensLeft).toBe(10);
  });
});

describe('where sign-in returns to', () => {
  it('is a console path, never another site or another part of the app', () => {
    expect(safeNext('/console/ops?x=1')).toBe('/console/ops?x=1');
    for (const next of [
      'https://evil.example/',
      '//evil.example',
      '/admin/tokens',
      '/console/../admin',
      '/consolex',
      7,
    ])
      expect(safeNext(next)).toBe('/console');
  });
});
