import type { JobRow } from '../../adapters/storage/schema';
import type { JobHandler } from '../../work/job-handler';
import type { Ctx } from '../context';
import { deliveryOf } from '../jobs/delivery-job';
import { syncIssue, type SyncResult } from './sync-issue';

/**
 * Jira deliveries as jobs: every pending delivery of the issue is claimed with the first, the
 * issue is synced once (read fresh), and they all settle together.
 */
export const syncJobHandler: JobHandler<Ctx> = {
  noun: 'delivery',
  coalesce: true,
  describe: (job) => ({ deliveryId: job.key, event: deliveryOf(job).event, issueKey: deliveryOf(job).issueKey }),
  async run(ctx, batch) {
    const started = ctx.clock.now();
    const deliveries = batch.map(deliveryOf);
    const cause = deliveries.some((d) => d.event === 'jira:issue_deleted') ? 'deleted' : 'changed';
    const actors = deliveries.map((d) => d.actor).filter((a): a is string => !!a);
    const result: SyncResult = (await causedByBridge(ctx, batch))
      ? { outcome: 'own-change', changedFields: [] }
      : await syncIssue(ctx, deliveries[0]!.issueId, cause, actors, {
          source: deliveries.at(-1)!.source,
          deliveries: batch.map((job) => job.key),
          jobIds: batch.map((job) => job.id),
          changelogIds: deliveries.flatMap((d) => (d.changelogId ? [d.changelogId] : [])),
          eventAt: Math.max(...deliveries.map((d) => d.eventAt)),
        });
    for (const job of batch) {
      ctx.log.info('delivery processed', {
        ...syncJobHandler.describe(job),
        attempt: job.attempts,
        outcome: result.outcome,
        changedFields: result.changedFields,
        ...(result.mappings && { mappings: result.mappings }),
        coalescedWith: batch.length - 1,
        durationMs: ctx.clock.now() - started,
      });
    }
    return { outcome: result.outcome };
  },
};

/**
 * Jira events the bridge caused itself (it writes to Jira only when committing requests) are
 * not synced back: no echo loops. Hence the bridge needs a Jira account of its own.
 */
async function causedByBridge(ctx: Ctx, batch: JobRow[]): Promise<boolean> {
  const actorIds = batch.map((job) => deliveryOf(job).actorId);
  const commits = ctx.mappingNames.some((name) => ctx.inMapping(name).config.commit?.enabled);
  if (!commits || actorIds.some((a) => !a)) return false;
  const me = await ctx.jira.myAccountId();
  return actorIds.every((a) => a === me);
}
