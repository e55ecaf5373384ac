import { reportRowsOfMapping } from '../../adapters/storage/flow-snapshots-repo';
import type { ReportRequest } from '../../engine/report/compose-status-update';
import type { Ctx } from '../context';
import { forecastMapping } from '../flow/forecast-mapping';

type ReportRow = Awaited<ReturnType<typeof reportRowsOfMapping>>[number];

/**
 * A mapping's linked requests as the status update reads them: every flow brought up to date
 * from Jira first (only those whose issue changed), and each open request forecast.
 */
export async function reportRequests(
  ctx: Ctx,
  mapping: string,
  keepAlive?: () => Promise<void>,
): Promise<ReportRequest[]> {
  return (await forecastMapping(ctx, mapping, keepAlive)).map((row) => toReportRequest(ctx, row));
}

/** The same, as last computed (a status update just brought them up to date): no Jira read, no forecast. */
export async function storedReportRequests(ctx: Ctx, mapping: string): Promise<ReportRequest[]> {
  return (await reportRowsOfMapping(ctx.db, mapping)).map((row) => toReportRequest(ctx, row));
}

function toReportRequest(ctx: Ctx, { snapshot: s, taskId, linkedAt }: ReportRow): ReportRequest {
  return {
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
  };
}
