import { reportRowsOfMapping } from '../../adapters/storage/flow-snapshots-repo';
import { forecast, queuePositions, seedOf } from '../../engine/forecast/forecast';
import type { ReportRequest } from '../../engine/report/compose-status-update';
import type { Ctx } from '../context';
import { refreshStaleFlows } from '../flow/refresh-flows';

const DAY = 86_400_000;
/** Flows recomputed per pass while gathering (each costs two Jira reads, under the rate limits). */
const REFRESH_CHUNK = 200;

/**
 * A mapping's linked requests as the status update and the forecast read them: every flow brought
 * up to date from Jira first (only those whose issue changed), then each open request forecast.
 */
export async function reportRequests(ctx: Ctx, mapping: string): Promise<ReportRequest[]> {
  while ((await refreshStaleFlows(ctx, mapping, REFRESH_CHUNK)) > 0);
  const rows = await reportRowsOfMapping(ctx.db, mapping);
  const now = ctx.clock.now();
  const open = rows.filter((r) => r.snapshot.doneAt === null);
  const settings = ctx.config.flow.forecast;
  const forecasts = forecast({
    doneTimes: rows.flatMap((r) => (r.snapshot.doneAt === null ? [] : [r.snapshot.doneAt])),
    historyDays: settings.historyWeeks * 7,
    now,
    positions: queuePositions(open.map((r) => r.snapshot)),
    trials: settings.trials,
    // The same all day for a mapping: a refresh does not move the dates by chance.
    seed: seedOf(`${mapping}:${Math.floor(now / DAY)}`),
    horizonDays: settings.horizonDays,
  });
  const byKey = new Map(open.map((r, i) => [r.snapshot.jiraIssueId, forecasts[i]]));
  return rows.map(({ snapshot: s, taskId, linkedAt }) => ({
    jiraKey: s.jiraKey,
    summary: s.summary,
    jiraUrl: ctx.jira.issueUrl(s.jiraKey),
    taskUrl: ctx.tracker.tasks.taskUrl(taskId),
    status: s.status,
    statusCategory: s.statusCategory,
    statusSince: s.statusSince,
    createdAt: s.createdAt,
    startedAt: s.startedAt,
    doneAt: s.doneAt,
    cycleMs: s.cycleMs,
    dueDate: s.dueDate,
    linkedAt,
    forecast: byKey.get(s.jiraIssueId),
  }));
}
