import { Hono } from 'hono';
import { jobBacklog } from '../../adapters/storage/jobs-repo';
import type { Ctx } from '../../flows/context';
import { currentGaps, gapCounts } from '../../flows/people/user-map-service';
import { JIRA_DELIVERY } from '../../flows/jobs/delivery-job';
import { describeError } from '../../platform/log/logger';

/** `GET /health`: the database, the backlog of deliveries, and whether sync is running. */
export function healthRoute(ctx: Ctx): Hono {
  return new Hono().get('/', async (c) => {
    const sync = ctx.missing.length ? { state: 'paused', missing: ctx.missing } : { state: 'running' };
    try {
      const b = await jobBacklog(ctx.db, JIRA_DELIVERY);
      const oldestPendingAgeMs = b.oldestPendingCreatedAt === null ? null : ctx.clock.now() - b.oldestPendingCreatedAt;
      // Values the mapping could not place: their fields are left unchanged until an admin acts.
      const mappingGaps = gapCounts(await currentGaps(ctx));
      return c.json({
        status: 'ok',
        database: 'ok',
        sync,
        backlog: { pending: b.pending, failed: b.failed, oldestPendingAgeMs },
        mappingGaps,
      });
    } catch (err) {
      ctx.log.error('health check failed', { error: describeError(err) });
      return c.json({ status: 'error', database: 'unreachable', sync }, 503);
    }
  });
}
