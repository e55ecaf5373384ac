import { statusDigests } from '../../adapters/storage/schema';
import { claimDigests, digestsOf, findDigest, settleDigest } from '../../adapters/storage/status-digests-repo';
import { findStatusUpdate } from '../../adapters/storage/status-updates-repo';
import { composeDigest, type Digest } from '../../engine/report/compose-digest';
import type { ReportRequest } from '../../engine/report/compose-status-update';
import type { JobHandler, JobResult } from '../../work/job-handler';
import { leaseKeeper } from '../../work/keep-lease';
import type { Ctx } from '../context';
import { statusDigestJob } from '../jobs/digest-jobs';
import { postOnce } from './post-once';
import { noteRequesters } from '../people/note-requesters';
import { storedReportRequests } from './report-requests';

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
    // The flows and forecasts as the update just computed them: read from the store, not again from Jira.
    for (const request of await storedReportRequests(ctx, update.mapping)) {
      await keepAlive();
      const audience = await ctx.tracker.conversation.noticeAudience(request.taskId, recipients.requesterField);
      await noteRequesters(ctx, request.taskId, audience);
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
    const row = await findDigest(ctx.db, Number(job!.payload.digestId));
    if (!row) return { outcome: 'gone' };
    if (row.status === 'sent') return { outcome: 'already-sent' };
    const marker = digestMarker(row.id);
    return postOnce(
      ctx,
      { table: statusDigests, id: row.id, postStartedAt: row.postStartedAt },
      {
        find: (since) => ctx.tracker.conversation.findOwnComment(row.taskId, since, marker, []),
        post: () =>
          ctx.tracker.conversation.postDigest(row.taskId, {
            ...(JSON.parse(row.text!) as Digest),
            mention: row.userId,
            marker,
          }),
        settle: (commentId) => settleDigest(ctx.db, row.id, { status: 'sent', commentId, at: ctx.clock.now() }),
      },
    );
  },
  async onFailed(ctx, jobs) {
    for (const job of jobs)
      await settleDigest(ctx.db, Number(job.payload.digestId), { status: 'failed', at: ctx.clock.now() });
  },
};
