import type { Ctx } from '../context';
import { flowRefreshJob } from '../jobs/flow-jobs';
import { dayOf } from './flow-fields';

/**
 * Stores today's flow refresh of each mapping that writes flow fields. Called every minute on Node
 * and on each Cron trigger on Workers: the job's key (mapping, UTC day) stores it once a day.
 */
export async function enqueueDailyFlowRefresh(root: Ctx): Promise<number> {
  const day = dayOf(root.clock.now());
  const jobs = root.mappingNames
    .filter((name) => root.inMapping(name).config.fields.flow)
    .map((name) => flowRefreshJob(name, day));
  if (!jobs.length) return 0;
  return (await root.work.enqueue(jobs)).filter((s) => s.scheduled).length;
}
