import { Hono } from 'hono';
import { z } from 'zod';
import { NotFoundError, ValidationError } from '../../platform/errors/app-errors';
import { formatIssues } from '../../platform/config/parse-config';
import { discardDelivery, publicDelivery, replayDeliveries } from '../../work/dead-letters';
import { findDelivery, listDeliveries } from '../../adapters/storage/deliveries-repo';
import type { AppDeps } from '../app-deps';
import { adminAuth } from '../middleware/admin-auth';

const listQuery = z.object({
  status: z.enum(['pending', 'done', 'failed']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** `/admin/deliveries`: the inbox as an admin sees it: list and show, replay or discard dead letters. */
export function adminDeliveriesRoutes(deps: AppDeps): Hono {
  return new Hono()
    .use(adminAuth(deps.security.adminToken))
    .get('/', async (c) => {
      const parsed = listQuery.safeParse(c.req.query());
      if (!parsed.success) {
        const problems = formatIssues(parsed.error.issues);
        throw new ValidationError(`Invalid query: ${problems.join('; ')}`, problems);
      }
      const rows = await listDeliveries(deps.db, parsed.data.status, parsed.data.limit);
      return c.json({ deliveries: rows.map(publicDelivery) });
    })
    .get('/:id{[0-9]+}', async (c) => {
      const row = await findDelivery(deps.db, Number(c.req.param('id')));
      if (!row) throw new NotFoundError(`No delivery ${c.req.param('id')}`);
      return c.json(publicDelivery(row));
    })
    // Replay: a failed delivery (or every failed one) gets fresh attempts and is processed again.
    .post('/:id{[0-9]+}/replay', async (c) => c.json({ replayed: await replayDeliveries(deps, [Number(c.req.param('id'))]) }))
    .post('/replay-failed', async (c) => c.json({ replayed: await replayDeliveries(deps) }))
    .delete('/:id{[0-9]+}', async (c) => {
      return c.json({ discarded: await discardDelivery(deps, Number(c.req.param('id'))) });
    });
}

