import { statusUpdates } from '../../adapters/storage/schema';
import { claimStatusUpdate, freezeStatusUpdate, settleStatusUpdate } from '../../adapters/storage/status-updates-repo';
import type { JobHandler, JobResult } from '../../work/job-handler';
import { leaseKeeper } from '../../work/keep-lease';
import type { Ctx } from '../context';
import { statusUpdatePayloadOf } from '../jobs/status-update-job';
import { statusDigestsJob } from '../jobs/digest-jobs';
import { composeUpdate } from './compose-update';
import { postOnce } from './post-once';

/**
 * Posts a mapping's status update for a period exactly once: the period's row is claimed first
 * (unique per mapping and period), its words frozen on the first attempt, and after an
 * interrupted post the project is searched for it before posting again, as notices are.
 */
export const statusUpdateJobHandler: JobHandler<Ctx> = {
  noun: 'status update',
  describe: (job) => {
    const { mapping, period } = statusUpdatePayloadOf(job);
    return { mapping, periodEnd: new Date(period.end).toISOString() };
  },
  async run(root, [job]): Promise<JobResult> {
    const payload = statusUpdatePayloadOf(job!);
    if (!root.mappingNames.includes(payload.mapping)) return { outcome: 'mapping-gone' };
    const ctx = root.inMapping(payload.mapping);
    const settings = ctx.config.statusUpdates;
    if (!settings?.enabled) return { outcome: 'disabled' };
    const { db, clock } = ctx;
    let row = await claimStatusUpdate(
      db,
      { mapping: payload.mapping, periodStart: payload.period.start, periodEnd: payload.period.end },
      clock.now(),
    );
    if (row.status === 'sent') return { outcome: 'already-sent' };
    if (row.title === null) {
      // The first update of a big mapping reads many histories: the lease is kept meanwhile.
      const update = await composeUpdate(ctx, settings, payload, leaseKeeper(ctx, job!));
      row = await freezeStatusUpdate(db, row.id, update);
    }
    const { id, title, text, statusType, postStartedAt } = row;
    return postOnce(
      ctx,
      { table: statusUpdates, id, postStartedAt },
      {
        find: (since) => ctx.tracker.statusUpdates.findOwn(title!, since),
        post: () =>
          ctx.tracker.statusUpdates.post({
            title: title!,
            text: text!,
            statusType: statusType as 'on_track' | 'at_risk' | 'off_track',
          }),
        async settle(trackerId) {
          await settleStatusUpdate(db, id, { status: 'sent', trackerId, at: clock.now() });
          ctx.log.info('status update posted', { mapping: payload.mapping, title, statusType, trackerId });
          // Each stakeholder's digest follows, as jobs of its own (stored once the update is recorded as sent).
          if (settings.digest) await ctx.work.enqueue([statusDigestsJob(id, payload.mapping)]);
        },
      },
    );
  },
  async onFailed(ctx, jobs) {
    for (const job of jobs) {
      const { mapping, period } = statusUpdatePayloadOf(job);
      const row = await claimStatusUpdate(
        ctx.db,
        { mapping, periodStart: period.start, periodEnd: period.end },
        ctx.clock.now(),
      );
      if (row.status !== 'sent') await settleStatusUpdate(ctx.db, row.id, { status: 'failed', at: ctx.clock.now() });
    }
  },
};
