import { flowMetrics, type FlowMetrics } from '../../engine/flow/flow-metrics';
import { NotFoundError } from '../../platform/errors/app-errors';
import { requireCredentials, type Ctx } from '../context';

const HOUR = 3_600_000;
const hours = (ms: number | null) => (ms === null ? null : Math.round((ms / HOUR) * 10) / 10);

/**
 * One request's flow, from its Jira status history read now: time in each status and status
 * category, lead time (from the creation, the commit for a committed request, to done),
 * cycle time (from the first start of work to done), blocked time and reopenings, in hours.
 */
export async function requestFlow(ctx: Ctx, jiraKey: string) {
  requireCredentials(ctx, 'Flow metrics');
  const history = await ctx.jira.statusHistory(jiraKey);
  if (!history) throw new NotFoundError(`Jira issue ${jiraKey} does not exist or the bridge's account cannot see it`);
  const m: FlowMetrics = flowMetrics({
    startAt: history.createdAt,
    initial: history.initial,
    changes: history.changes,
    now: ctx.clock.now(),
    blockedStatuses: ctx.config.flow.blockedStatuses,
  });
  return {
    jiraKey: history.key,
    createdAt: new Date(history.createdAt).toISOString(),
    status: m.current.name,
    statusCategory: m.current.category,
    hoursInCurrentStatus: hours(m.inCurrentStatusMs),
    doneAt: m.doneAt === null ? null : new Date(m.doneAt).toISOString(),
    leadTimeHours: hours(m.leadTimeMs),
    cycleTimeHours: hours(m.cycleTimeMs),
    blockedHours: hours(m.blockedMs),
    reopenings: m.reopenings,
    hoursInStatus: Object.fromEntries(Object.entries(m.timeInStatus).map(([s, ms]) => [s, hours(ms)])),
    hoursInCategory: Object.fromEntries(Object.entries(m.timeInCategory).map(([c, ms]) => [c, hours(ms)])),
    statusChanges: history.changes.length,
  };
}
