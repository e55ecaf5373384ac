import {
  claimDigestPost,
  claimDigests,
  digestsOf,
  findDigest,
  releaseDigestPost,
  settleDigest,
} from '../../adapters/storage/status-digests-repo';
import { findStatusUpdate } from '../../adapters/storage/status-updates-repo';
import { composeDigest, type Digest } from '../../engine/report/compose-digest';
import type { ReportRequest } from '../../engine/report/compose-status-update';
import { wasRefused } from '../../platform/retry/classify';
import type { JobHandler, JobResult } from '../../work/job-handler';
import { leaseKeeper } from '../../work/keep-lease';
import type { Ctx } from '../context';
import { statusDigestJob } from '../jobs/digest-jobs';
import { POST_SETTLE_MS } from '../notify/send-notice';
import { reportRequests } from './report-requests';

const SKEW_MS = 60_000;
const digestMarker = (id: number) => `bridge-digest-${id}`;

/**
 * After a status update is posted (with `statusUpdates.digest`): each stakeholder of the
 * mapping's requests (followers and requesters, as notices reach them) gets a digest of only
 * their requests. Their digests are claimed (one per person and update), then posted one job each.
 */
export const statusDigestsJobHandler: JobHandler<Ctx> = {
  noun: 'status digests',
  describe: (job) => ({ statusUpdateId: job.payload.statusUpdateId }),
  async run(root, [job]): Promise<JobResult> {
    const update = await findStatusUpdate(root.db, Number(job!.payload.statusUpdateId));
    if (!update || update.status !== 'sent' || !root.mappingNames.includes(update.mapping))
      return { outcome: 'no-update' };
    const ctx = root.inMapping(update.mapping);
    const settings = ctx.config.statusUpdates;
    if (!settings?.digest) return { outcome: 'disabled' };
    const recipients = ctx.config.notifications.recipients;
    const people = new Map<string, ReportRequest[]>();
    const keepAlive = leaseKeeper(ctx, job!);
    for (const request of await reportRequests(ctx, update.mapping, keepAlive)) {
      await keepAlive();
      const audience = await ctx.tracker.conversation.noticeAudience(request.taskId, recipients.requesterField);
      const excluded = new Set([audience.selfId, ...recipients.exclude]);
      const who = [...(recipients.followers ? audience.followers : []), ...audience.requesters];
      for (const person of new Set(who))
        if (!excluded.has(person)) people.set(person, [...(people.get(person) ?? []), request]);
    }
    await claimDigests(
      ctx.db,
      [...people].map(([userId, requests]) => {
        const newest = [...requests].sort((a, b) => b.statusSince - a.statusSince)[0]!;
        const digest = composeDigest(update.title!, requests, ctx.config.flow.blockedStatuses, settings.timeZone);
        return {
          statusUpdateId: update.id,
          userId,
          taskId: newest.taskId,
          jiraKeys: requests.map((r) => r.jiraKey),
          text: JSON.stringify(digest),
        };
      }),
      ctx.clock.now(),
    );
    const digests = await digestsOf(ctx.db, update.id);
    await ctx.work.enqueue(digests.filter((d) => d.status === 'pending').map((d) => statusDigestJob(d.id)));
    return { outcome: `${digests.length} digests` };
  },
};

/** Posts one stakeholder's digest once, as notices are posted (claimed, searched for after an interruption). */
export const statusDigestJobHandler: JobHandler<Ctx> = {
  noun: 'status digest',
  describe: (job) => ({ digestId: job.payload.digestId }),
  async run(ctx, [job]): Promise<JobResult> {
    const { db, clock } = ctx;
    const row = await findDigest(db, Number(job!.payload.digestId));
    if (!row) return { outcome: 'gone' };
    if (row.status === 'sent') return { outcome: 'already-sent' };
    const marker = digestMarker(row.id);
    if (row.postStartedAt !== null) {
      const settledAt = row.postStartedAt + POST_SETTLE_MS;
      if (clock.now() < settledAt)
        return { later: settledAt, reason: 'waiting for an interrupted post to settle before looking for it' };
      const earlier = await ctx.tracker.conversation.findOwnComment(
        row.taskId,
        row.postStartedAt - SKEW_MS,
        marker,
        [],
      );
      if (earlier) {
        await settleDigest(db, row.id, { status: 'sent', commentId: earlier, at: clock.now() });
        return { outcome: 'already-sent' };
      }
    }
    if (!(await claimDigestPost(db, row.id, row.postStartedAt, clock.now())))
      return { later: clock.now() + POST_SETTLE_MS, reason: 'another attempt is posting this digest' };
    const digest = JSON.parse(row.text!) as Digest;
    let commentId: string;
    try {
      commentId = await ctx.tracker.conversation.postDigest(row.taskId, { ...digest, mention: row.userId, marker });
    } catch (err) {
      if (wasRefused(err)) await releaseDigestPost(db, row.id);
      throw err;
    }
    await settleDigest(db, row.id, { status: 'sent', commentId, at: clock.now() });
    return { outcome: 'sent' };
  },
  async onFailed(ctx, jobs) {
    for (const job of jobs)
      await settleDigest(ctx.db, Number(job.payload.digestId), { status: 'failed', at: ctx.clock.now() });
  },
};
