import {
  claimStatusUpdate,
  freezeStatusUpdate,
  claimStatusPost,
  releaseStatusPost,
  settleStatusUpdate,
} from '../../adapters/storage/status-updates-repo';
import { wasRefused } from '../../platform/retry/classify';
import type { JobHandler, JobResult } from '../../work/job-handler';
import { leaseKeeper } from '../../work/keep-lease';
import type { Ctx } from '../context';
import { statusUpdatePayloadOf } from '../jobs/status-update-job';
import { statusDigestsJob } from '../jobs/digest-jobs';
import { POST_SETTLE_MS } from '../notify/send-notice';
import { composeUpdate } from './compose-update';

/** How far back an earlier attempt's update may be dated (clock skew between us and the tracker). */
const SKEW_MS = 60_000;

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
    const title = row.title!;
    if (row.postStartedAt !== null) {
      const settledAt = row.postStartedAt + POST_SETTLE_MS;
      if (clock.now() < settledAt)
        return { later: settledAt, reason: 'waiting for an interrupted post to settle before looking for it' };
      const earlier = await ctx.tracker.statusUpdates.findOwn(title, row.postStartedAt - SKEW_MS);
      if (earlier) {
        await settleStatusUpdate(db, row.id, { status: 'sent', trackerId: earlier, at: clock.now() });
        if (settings.digest) await ctx.work.enqueue([statusDigestsJob(row.id, payload.mapping)]);
        return { outcome: 'already-sent' };
      }
    }
    if (!(await claimStatusPost(db, row.id, row.postStartedAt, clock.now())))
      return { later: clock.now() + POST_SETTLE_MS, reason: 'another attempt is posting this update' };
    let trackerId: string;
    try {
      trackerId = await ctx.tracker.statusUpdates.post({
        title,
        text: row.text!,
        statusType: row.statusType as 'on_track' | 'at_risk' | 'off_track',
      });
    } catch (err) {
      // Refused outright, it did not land; anything else stays ambiguous.
      if (wasRefused(err)) await releaseStatusPost(db, row.id);
      throw err;
    }
    await settleStatusUpdate(db, row.id, { status: 'sent', trackerId, at: clock.now() });
    // Each stakeholder's digest follows, as jobs of its own (stored after the update is recorded as sent).
    if (settings.digest) await ctx.work.enqueue([statusDigestsJob(row.id, payload.mapping)]);
    ctx.log.info('status update posted', { mapping: payload.mapping, title, statusType: row.statusType, trackerId });
    return { outcome: 'sent' };
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
