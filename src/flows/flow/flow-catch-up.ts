import { linksWithoutRequesters, recordRequesters } from '../../adapters/storage/links-repo';
import { readState, writeState } from '../../adapters/storage/sync-state-repo';
import { describeError } from '../../platform/log/logger';
import { classifyFailure } from '../../platform/retry/classify';
import type { JobHandler, JobResult } from '../../work/job-handler';
import { leaseKeeper } from '../../work/keep-lease';
import type { Ctx } from '../context';
import { readRequestersOnce } from '../people/note-requesters';
import { refreshAllStaleFlows } from './refresh-flows';

/** Flows recomputed per pass (two Jira reads each); requesters read per run (one tracker read each). */
const CHUNK = 200;
const REQUESTERS_PER_RUN = 100;

/** When a mapping's last catch-up started (epoch ms, in sync_state). */
export const caughtUpAtKey = (mapping: string) => `flow-catch-up:${mapping}`;

/**
 * When a mapping is behind (see schedule-flow-refresh): the flows of the requests synced since
 * the last catch-up whose issue changed since their flow was computed, so the dashboard follows
 * Jira (an issue the bridge cannot read is tried again after its next sync, and by the daily
 * refresh, not every minute); and who asked for the requests whose requesters were never read, a
 * hundred at a time (a task that is gone counts as asked by nobody).
 */
export const flowCatchUpJobHandler: JobHandler<Ctx> = {
  noun: 'flow catch-up',
  describe: (job) => ({ mapping: job.payload.mapping }),
  async run(root, [job]): Promise<JobResult> {
    const mapping = String(job!.payload.mapping);
    if (!root.mappingNames.includes(mapping)) return { outcome: 'mapping-gone' };
    const ctx = root.inMapping(mapping);
    const keepAlive = leaseKeeper(ctx, job!);
    const startedAt = ctx.clock.now();
    const since = Number((await readState(ctx.db, caughtUpAtKey(mapping))) ?? 0);
    let refreshed = 0;
    const counted = async () => {
      refreshed++;
      await keepAlive();
    };
    await refreshAllStaleFlows(ctx, mapping, CHUNK, counted, since);
    await writeState(ctx.db, caughtUpAtKey(mapping), String(startedAt), ctx.clock.now());
    return { outcome: `${refreshed} flows, ${await readMissingRequesters(ctx, mapping, keepAlive)} requesters` };
  },
};

async function readMissingRequesters(ctx: Ctx, mapping: string, keepAlive: () => Promise<void>) {
  if (!ctx.config.notifications.recipients.requesterField) return 0;
  let read = 0;
  for (const link of await linksWithoutRequesters(ctx.db, mapping, REQUESTERS_PER_RUN)) {
    try {
      await readRequestersOnce(ctx, link);
    } catch (err) {
      ctx.log.warn('could not read who asked for a request', { taskId: link.taskId, error: describeError(err) });
      // Gone or forbidden: asked by nobody, not read again. Anything else: the next run tries again.
      if (!classifyFailure(err).retryable) await recordRequesters(ctx.db, link.taskId, []);
      else break;
    }
    await keepAlive();
    read++;
  }
  return read;
}
