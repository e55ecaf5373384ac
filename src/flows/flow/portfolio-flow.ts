import { flowsOfMapping } from '../../adapters/storage/flow-snapshots-repo';
import { flowReport } from '../../engine/flow/flow-report';
import { ValidationError } from '../../platform/errors/app-errors';
import { requireCredentials, type Ctx } from '../context';
import { refreshStaleFlows } from './refresh-flows';

/** Flows recomputed per report and mapping at most (each costs two Jira reads); the rest on the next. */
const REFRESH_PER_REPORT = 100;
const DAY = 86_400_000;
const days = (ms: number | null) => (ms === null ? null : Math.round((ms / DAY) * 10) / 10);

/**
 * The flow of each mapping's requests over the last `weeks` weeks: throughput per week, cycle and
 * lead time percentiles (50/85/95, in days), work in progress per status and its ageing. Each
 * request's flow is recomputed from its Jira history when the issue changed since it was last.
 */
export async function portfolioFlow(root: Ctx, options: { mapping?: string | undefined; weeks: number }) {
  requireCredentials(root, 'Flow metrics');
  if (options.mapping !== undefined && !root.mappingNames.includes(options.mapping)) {
    const problem = `mapping: no mapping "${options.mapping}" (the config has ${root.mappingNames.join(', ')})`;
    throw new ValidationError(problem, [problem]);
  }
  const reports = [];
  for (const name of options.mapping !== undefined ? [options.mapping] : root.mappingNames) {
    const ctx = root.inMapping(name);
    const { remaining: notYetRefreshed } = await refreshStaleFlows(ctx, name, REFRESH_PER_REPORT);
    const now = ctx.clock.now();
    const report = flowReport(await flowsOfMapping(ctx.db, name), now, options.weeks);
    reports.push({
      mapping: name,
      weeks: report.weeks.map((w) => ({
        weekStart: new Date(w.weekStart).toISOString().slice(0, 10),
        done: w.throughput,
      })),
      cycleTimeDays: {
        p50: days(report.cycleTimeMs.p50),
        p85: days(report.cycleTimeMs.p85),
        p95: days(report.cycleTimeMs.p95),
        count: report.cycleTimeMs.count,
      },
      leadTimeDays: {
        p50: days(report.leadTimeMs.p50),
        p85: days(report.leadTimeMs.p85),
        p95: days(report.leadTimeMs.p95),
        count: report.leadTimeMs.count,
      },
      workInProgress: report.wipByStatus,
      ageing: report.ageing.map((a) => ({ jiraKey: a.jiraKey, status: a.status, ageDays: days(a.ageMs) })),
      /** Requests whose flow is still to be recomputed (more than one report's share changed). */
      notYetRefreshed,
    });
  }
  return { reports };
}
