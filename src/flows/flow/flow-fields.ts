import { flowOf } from '../../adapters/storage/flow-snapshots-repo';
import { findLinkById, lockLinkForSync, recordApplied, unlockLink } from '../../adapters/storage/links-repo';
import type { JobRow } from '../../adapters/storage/schema';
import { diffValues } from '../../engine/diff-values';
import { flowValues } from '../../engine/flow-field-values';
import type { FieldValues } from '../../engine/types';
import type { JobHandler, JobResult } from '../../work/job-handler';
import { leaseKeeper } from '../../work/keep-lease';
import type { Ctx } from '../context';
import { flowFieldsJob } from '../jobs/flow-jobs';
import { forecastMapping } from './forecast-mapping';
import { refreshFlow } from './refresh-flows';

/** The UTC day of `at`, which keys the daily jobs. */
export const dayOf = (at: number) => new Date(at).toISOString().slice(0, 10);

/**
 * Once a day per mapping: every flow and forecast brought up to date (the dashboard reads them);
 * then, where the mapping has `fields.flow`, one job per linked request writes its flow fields
 * (each under its link's lock, like a sync).
 */
export const flowRefreshJobHandler: JobHandler<Ctx> = {
  noun: 'flow refresh',
  describe: (job) => ({ mapping: job.payload.mapping }),
  async run(root, [job]): Promise<JobResult> {
    const mapping = String(job!.payload.mapping);
    if (!root.mappingNames.includes(mapping)) return { outcome: 'mapping-gone' };
    const ctx = root.inMapping(mapping);
    const rows = await forecastMapping(ctx, mapping, leaseKeeper(ctx, job!));
    if (!ctx.config.fields.flow) return { outcome: `${rows.length} flows` };
    const day = dayOf(ctx.clock.now());
    if (rows.length) await ctx.work.enqueue(rows.map((r) => flowFieldsJob(r.linkId, day)));
    return { outcome: `${rows.length} requests` };
  },
};

const linkIdOf = (job: JobRow) => Number(job.payload.linkId);

/**
 * Writes one request's flow fields to its task when they changed, under the link's sync lock; the
 * values are recorded with the link's written values, so the audit trail has each change.
 */
export const flowFieldsJobHandler: JobHandler<Ctx> = {
  noun: 'flow fields',
  describe: (job) => ({ linkId: linkIdOf(job) }),
  async run(root, [job]): Promise<JobResult> {
    const { db, clock } = root;
    const linkId = linkIdOf(job!);
    const found = await findLinkById(db, linkId);
    if (!found || found.state !== 'active' || !root.mappingNames.includes(found.mapping))
      return { outcome: 'link-gone' };
    const ctx = root.inMapping(found.mapping);
    const fields = ctx.config.fields.flow;
    if (!fields) return { outcome: 'no-flow-fields' };
    if (!(await lockLinkForSync(db, linkId, clock.now(), ctx.config.sync.leaseSeconds * 1000)))
      return { later: clock.now() + 2_000, reason: 'task busy with a sync' };
    try {
      const link = (await findLinkById(db, linkId))!;
      let flow = await flowOf(db, link.jiraIssueId);
      if (!flow || (link.issueUpdatedAt ?? 0) > (flow.issueUpdatedAt ?? -1)) {
        await refreshFlow(ctx, link);
        flow = await flowOf(db, link.jiraIssueId);
      }
      if (!flow) return { outcome: 'issue-not-found' };
      const written = link.writtenValues as FieldValues;
      const changes = diffValues(flowValues(fields, flow, clock.now()), written);
      const changed = Object.keys(changes);
      if (!changed.length) return { outcome: 'unchanged' };
      await ctx.tracker.tasks.writeFields(link.taskId, changes);
      const rules = Object.fromEntries(
        Object.entries(fields).flatMap(([metric, e]) =>
          e && changed.includes(e.field) ? [[e.field, `fields.flow.${metric}`]] : [],
        ),
      );
      await recordApplied(
        db,
        linkId,
        {
          written: { ...written, ...changes },
          issueUpdatedAt: link.issueUpdatedAt,
          jiraKey: link.jiraKey,
          state: link.state,
          cause: { actor: 'bridge', jobIds: [job!.id], rules },
        },
        clock.now(),
      );
      return { outcome: 'updated' };
    } finally {
      await unlockLink(db, linkId);
    }
  },
};
