import { duePeriods } from '../../engine/report/report-period';
import type { Ctx } from '../context';
import { statusUpdateJob } from '../jobs/status-update-job';

/**
 * How late an update may still be posted: one missed while the bridge was down goes out when it
 * comes back within this time; an older one is skipped (the next update covers its own period).
 */
export const CATCH_UP_MS = 24 * 3_600_000;

/**
 * Stores a job for each mapping whose status update is due (the newest schedule time has passed
 * within CATCH_UP_MS). Called every minute on Node and on each Cron trigger on Workers: the job's
 * key (mapping and period) makes the second and later calls store nothing.
 */
export async function enqueueDueStatusUpdates(root: Ctx): Promise<number> {
  const now = root.clock.now();
  const jobs = root.mappingNames.flatMap((name) => {
    const settings = root.inMapping(name).config.statusUpdates;
    if (!settings?.enabled) return [];
    const due = duePeriods(settings.schedule, settings.timeZone, now);
    if (!due || now - due.period.end > CATCH_UP_MS) return [];
    return [statusUpdateJob({ mapping: name, ...due })];
  });
  if (!jobs.length) return 0;
  const stored = await root.work.enqueue(jobs);
  return stored.filter((s) => s.scheduled).length;
}
