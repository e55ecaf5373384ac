import { Hono } from 'hono';
import { z } from 'zod';
import { NotFoundError, ValidationError } from '../../errors/app-errors';
import { formatIssues } from '../../config/parse-config';
import { findDelivery, listDeliveries } from '../../storage/deliveries-repo';
import type { DeliveryRow } from '../../storage/schema';
import type { AppDeps } from '../app-deps';
import { adminAuth } from '../middleware/admin-auth';

const listQuery = z.object({
  status: z.enum(['pending', 'done', 'failed']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** `/admin/deliveries`: the inbox as an admin sees it, failed (dead-lettered) deliveries first of all. */
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
    });
}

function publicDelivery(row: DeliveryRow) {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    id: row.id,
    deliveryId: row.deliveryKey,
    event: row.event,
    issueKey: row.issueKey,
    status: row.status,
    attempts: row.attempts,
    outcome: row.outcome,
    lastError: row.lastError,
    receivedAt: iso(row.receivedAt),
    nextAttemptAt: row.status === 'pending' ? iso(row.nextAttemptAt) : null,
    processedAt: iso(row.processedAt),
  };
}
