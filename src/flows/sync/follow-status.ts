import type { Ctx } from '../context';
import { boardPlaceJob } from '../jobs/board-job';
import { flowFieldsJob } from '../jobs/flow-jobs';

/**
 * What follows a new status on a task, each as its own job: its flow fields (days in status,
 * cycle time) and its board section.
 */
export async function followStatus(ctx: Ctx, linkId: number, plan: { issueUpdatedAt: number | null }) {
  const why = `issue:${plan.issueUpdatedAt}`;
  const jobs = [
    ...(ctx.config.fields.flow ? [flowFieldsJob(linkId, why)] : []),
    ...(ctx.config.board?.enabled ? [boardPlaceJob(linkId, why)] : []),
  ];
  if (jobs.length) await ctx.work.enqueue(jobs);
}
