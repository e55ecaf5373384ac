import { Hono } from 'hono';
import { describeError } from '../../platform/log/logger';
import { currentGaps, gapCounts } from '../../flows/people/user-map-service';
import { backlog } from '../../adapters/storage/deliveries-repo';
import type { AppDeps } from '../app-deps';

/** `GET /health`: the database, the backlog of deliveries, and whether sync is running. */
export function healthRoute(deps: AppDeps): Hono {
  return new Hono().get('/', async (c) => {
    const sync = deps.missingSettings.length ? { state: 'paused', missing: deps.missingSettings } : { state: 'running' };
    try {
      const b = await backlog(deps.db);
      const oldestPendingAgeMs = b.oldestPendingReceivedAt === null ? null : deps.clock.now() - b.oldestPendingReceivedAt;
      // Values the mapping could not place: their fields are left unchanged until an admin acts.
      const mappingGaps = gapCounts(await currentGaps(deps));
      return c.json({ status: 'ok', database: 'ok', sync, backlog: { pending: b.pending, failed: b.failed, oldestPendingAgeMs }, mappingGaps });
    } catch (err) {
      deps.logger.error('health check failed', { error: describeError(err) });
      return c.json({ status: 'error', database: 'unreachable', sync }, 503);
    }
  });
}
