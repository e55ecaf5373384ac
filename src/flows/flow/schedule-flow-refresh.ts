import type { Ctx } from '../context';
import { flowRefreshJob } from '../jobs/flow-jobs';
import { dayOf } from './flow-fields';

/**
 * Stores today's flow refresh of each mapping (the dashboard's flows and forecasts; the flow
 * fields where a mapping has them). Called every minute on Node and on each Cron trigger on
 * Workers: the job's key (mapping, UTC day) stores it once a day.
 */
export async function enqueueDailyFlowRefresh(root: Ctx): Promise<number> {
  const day = dayOf(root.clock.now());
  const jobs = root.mappingNames.map((name) => flowRefreshJob(name, day));
  return (await root.work.enqueue(jobs)).filter((s) => s.scheduled).length;
}
