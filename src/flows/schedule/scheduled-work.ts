import type { Ctx } from '../context';
import { enqueueFlowRefreshes } from '../flow/schedule-flow-refresh';
import { enqueueDueStatusUpdates } from '../report/schedule-status-updates';

/**
 * The bridge's clock-driven work, stored as jobs when due: status updates on their schedules, the
 * daily flow refresh. Node calls it every minute, Workers on each Cron trigger; job keys make
 * every call after the first store nothing.
 */
export async function enqueueScheduledWork(ctx: Ctx): Promise<{ statusUpdates: number; flowRefreshes: number }> {
  return { statusUpdates: await enqueueDueStatusUpdates(ctx), flowRefreshes: await enqueueFlowRefreshes(ctx) };
}
