import { composeStatusUpdate, type StatusUpdate } from '../../engine/report/compose-status-update';
import { periodLabel, type ReportPeriod } from '../../engine/report/report-period';
import { TOP_LEVEL_MAPPING } from '../../platform/config/schema';
import type { StatusUpdateSettings } from '../../platform/config/status-updates-schema';
import type { Ctx } from '../context';
import { reportRequests } from './report-requests';

/** The title of a mapping's update for a period: unique to both, so it identifies the update. */
export function updateTitle(settings: StatusUpdateSettings, mapping: string, period: ReportPeriod): string {
  const which = mapping === TOP_LEVEL_MAPPING ? '' : ` (${mapping})`;
  return `${settings.title}${which}: ${periodLabel(period, settings.timeZone)}`;
}

/** A mapping's status update for `period`, composed from its requests' flow as it is now. */
export async function composeUpdate(
  ctx: Ctx,
  settings: StatusUpdateSettings,
  periods: { period: ReportPeriod; previous: ReportPeriod },
  keepAlive?: () => Promise<void>,
): Promise<StatusUpdate> {
  const mapping = ctx.mapping;
  return composeStatusUpdate({
    title: updateTitle(settings, mapping, periods.period),
    timeZone: settings.timeZone,
    period: periods.period,
    previous: periods.previous,
    requests: await reportRequests(ctx, mapping, keepAlive),
    blockedStatuses: ctx.config.flow.blockedStatuses,
    rules: settings.status,
  });
}
