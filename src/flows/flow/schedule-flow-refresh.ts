import { staleFlows } from '../../adapters/storage/flow-snapshots-repo';
import { linksWithoutRequesters } from '../../adapters/storage/links-repo';
import type { NewJob } from '../../adapters/storage/jobs-repo';
import type { Ctx } from '../context';
import { FLOW_REFRESH, flowCatchUpJob, flowRefreshJob } from '../jobs/flow-jobs';
import { dayOf } from './flow-fields';
import { caughtUpAtKey } from './flow-catch-up';
import { readState } from '../../adapters/storage/sync-state-repo';

/**
 * Stores today's flow refresh of each mapping (flows and forecasts; the flow fields where a
 * mapping has them), and a catch-up where requests changed since their flow was computed (or
 * their requesters were never read), so the dashboard follows Jira within a minute on Node and a
 * Cron period on Workers. Called every minute on Node and on each Cron trigger on Workers: the
 * jobs' keys (mapping and UTC day, or minute) store each once. Returns the daily refreshes stored.
 */
export async function enqueueFlowRefreshes(root: Ctx): Promise<number> {
  const now = root.clock.now();
  const day = dayOf(now);
  const minute = new Date(now).toISOString().slice(0, 16);
  const jobs: NewJob[] = [];
  for (const name of root.mappingNames) {
    jobs.push(flowRefreshJob(name, day));
    if (await behind(root.inMapping(name), name)) jobs.push(flowCatchUpJob(name, minute));
  }
  return (await root.work.enqueue(jobs)).filter((s, i) => s.scheduled && jobs[i]!.kind === FLOW_REFRESH).length;
}

/**
 * Whether a mapping has requests synced since its last catch-up whose flow is older than their
 * issue, or requesters never read (two or three queries).
 */
async function behind(ctx: Ctx, mapping: string): Promise<boolean> {
  const since = Number((await readState(ctx.db, caughtUpAtKey(mapping))) ?? 0);
  if ((await staleFlows(ctx.db, mapping, 1, 0, since)).total > 0) return true;
  return (
    !!ctx.config.notifications.recipients.requesterField &&
    (await linksWithoutRequesters(ctx.db, mapping, 1)).length > 0
  );
}
