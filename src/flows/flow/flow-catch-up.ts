import { linksWithoutRequesters } from '../../adapters/storage/links-repo';
import type { JobHandler, JobResult } from '../../work/job-handler';
import { leaseKeeper } from '../../work/keep-lease';
import type { Ctx } from '../context';
import { readRequestersOnce } from '../people/note-requesters';
import { refreshAllStaleFlows } from './refresh-flows';

/** Flows recomputed per pass (two Jira reads each); requesters read per run (one tracker read each). */
const CHUNK = 200;
const REQUESTERS_PER_RUN = 100;

/**
 * When a mapping is behind (see schedule-flow-refresh): the flows of requests whose issue changed
 * since they were last computed, so the dashboard follows Jira; and who asked for the requests
 * whose requesters were never read, a hundred at a time.
 */
export const flowCatchUpJobHandler: JobHandler<Ctx> = {
  noun: 'flow catch-up',
  describe: (job) => ({ mapping: job.payload.mapping }),
  async run(root, [job]): Promise<JobResult> {
    const mapping = String(job!.payload.mapping);
    if (!root.mappingNames.includes(mapping)) return { outcome: 'mapping-gone' };
    const ctx = root.inMapping(mapping);
    const keepAlive = leaseKeeper(ctx, job!);
    let refreshed = 0;
    await refreshAllStaleFlows(ctx, mapping, CHUNK, async () => {
      refreshed++;
      await keepAlive();
    });
    let read = 0;
    if (ctx.config.notifications.recipients.requesterField)
      for (const link of await linksWithoutRequesters(ctx.db, mapping, REQUESTERS_PER_RUN)) {
        await readRequestersOnce(ctx, link);
        await keepAlive();
        read++;
      }
    return { outcome: `${refreshed} flows, ${read} requesters` };
  },
};
