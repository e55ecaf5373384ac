import type { ReportRequest } from '../../engine/report/compose-status-update';
import type { Ctx } from '../context';
import { forecastMapping } from '../flow/forecast-mapping';

/**
 * A mapping's linked requests as the status update reads them: every flow brought up to date
 * from Jira first (only those whose issue changed), and each open request forecast.
 */
export async function reportRequests(
  ctx: Ctx,
  mapping: string,
  keepAlive?: () => Promise<void>,
): Promise<ReportRequest[]> {
  const rows = await forecastMapping(ctx, mapping, keepAlive);
  return rows.map(({ snapshot: s, taskId, linkedAt }) => ({
    jiraKey: s.jiraKey,
    summary: s.summary,
    jiraUrl: ctx.jira.issueUrl(s.jiraKey),
    taskId,
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
    forecast: s.doneAt === null ? { p50: s.forecastP50, p85: s.forecastP85 } : undefined,
  }));
}
