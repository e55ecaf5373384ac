import { dashboardRows } from '../../adapters/storage/flow-snapshots-repo';
import { portfolioDashboard, type DashboardRequest } from '../../engine/dashboard/portfolio-dashboard';
import type { Ctx } from '../context';

export interface DashboardFilters {
  mapping?: string | undefined;
  /** A Jira project key: requests whose issue is in it. */
  project?: string | undefined;
  /** A requester's name: requests whose requester field names them. */
  requester?: string | undefined;
  weeks: number;
}

/** The project key of a Jira issue key (`ABC` of `ABC-12`). */
const projectOf = (jiraKey: string) => jiraKey.slice(0, jiraKey.lastIndexOf('-'));

/**
 * The portfolio dashboard's data, from the store alone (the flows the refresh jobs keep; no call
 * to Jira or the tracker, so the page is as fast as the database): the picture, and the choices
 * its filters offer.
 */
export async function dashboardView(ctx: Ctx, filters: DashboardFilters) {
  const rows = await dashboardRows(ctx.db, filters.mapping);
  const all = rows.map((r) => ({ ...r, requesters: r.requesters ?? [] }));
  const projects = [...new Set(all.map((r) => projectOf(r.jiraKey)))].sort();
  const requesters = [...new Set(all.flatMap((r) => r.requesters))].sort();
  const chosen: DashboardRequest[] = all.filter(
    (r) =>
      (!filters.project || projectOf(r.jiraKey) === filters.project) &&
      (!filters.requester || r.requesters.includes(filters.requester)),
  );
  return {
    filters,
    choices: { mappings: ctx.mappingNames, projects, requesters },
    dashboard: portfolioDashboard(chosen, ctx.clock.now(), filters.weeks, ctx.config.flow.blockedStatuses),
  };
}

export type DashboardView = Awaited<ReturnType<typeof dashboardView>>;
