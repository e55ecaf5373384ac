import { jobBacklog } from '../../adapters/storage/jobs-admin-repo';
import { describeError } from '../../platform/log/logger';
import type { Ctx } from '../context';
import { JIRA_DELIVERY } from '../jobs/delivery-job';
import { currentGaps, gapCounts } from '../people/user-map-service';

export type HealthReport =
  | {
      status: 'ok';
      database: 'ok';
      sync: SyncState;
      backlog: { pending: number; failed: number; oldestPendingAgeMs: number | null };
      mappingGaps: ReturnType<typeof gapCounts>;
    }
  | { status: 'error'; database: 'unreachable'; sync: SyncState };

type SyncState = { state: 'running' } | { state: 'paused'; missing: string[] };

/** The database, the backlog of deliveries, whether sync runs, and the values the mapping could not place. */
export async function healthReport(ctx: Ctx): Promise<HealthReport> {
  const sync: SyncState = ctx.missing.length ? { state: 'paused', missing: ctx.missing } : { state: 'running' };
  try {
    const b = await jobBacklog(ctx.db, JIRA_DELIVERY);
    const oldestPendingAgeMs = b.oldestPendingCreatedAt === null ? null : ctx.clock.now() - b.oldestPendingCreatedAt;
    // Values the mapping could not place: their fields are left unchanged until an admin acts.
    const mappingGaps = gapCounts(await currentGaps(ctx));
    return {
      status: 'ok',
      database: 'ok',
      sync,
      backlog: { pending: b.pending, failed: b.failed, oldestPendingAgeMs },
      mappingGaps,
    };
  } catch (err) {
    ctx.log.error('health check failed', { error: describeError(err) });
    return { status: 'error', database: 'unreachable', sync };
  }
}
