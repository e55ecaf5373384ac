import { Hono } from 'hono';
import { z } from 'zod';
import { findJob } from '../../adapters/storage/jobs-repo';
import { listJobs } from '../../adapters/storage/jobs-admin-repo';
import type { JobRow } from '../../adapters/storage/schema';
import type { Ctx } from '../../flows/context';
import { JIRA_DELIVERY, publicDelivery } from '../../flows/jobs/delivery-job';
import { NotFoundError } from '../../platform/errors/app-errors';
import { validateBody } from '../../platform/validation/parse-json';
import { publicJob } from '../../work/dead-letters';
import { adminActor, adminAuth } from '../middleware/admin-auth';
import { discardAs, replayAs } from '../../flows/admin/dead-letter-actions';

const listQuery = z.object({
  status: z.enum(['pending', 'done', 'failed']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  kind: z
    .string()
    .regex(/^[a-z][a-z-]{0,39}$/, 'must be a job kind such as "jira-delivery", "tracker-event" or "notice"')
    .optional(),
});

/**
 * The work queue as an admin sees it, for one kind of job or all: list and show, replay or
 * discard dead letters (failed jobs). Bearer-token protected.
 */
function jobRoutes(ctx: Ctx, kind: string | undefined, show: (row: JobRow) => unknown, listKey: string): Hono {
  const ofKind = async (id: number) => {
    const row = await findJob(ctx.db, id);
    if (!row || (kind && row.kind !== kind)) throw new NotFoundError(`No ${kind ? 'delivery' : 'job'} ${id}`);
    return row;
  };
  return (
    new Hono()
      .use(adminAuth(ctx))
      .get('/', async (c) => {
        const q = validateBody(c.req.query(), listQuery, 'query');
        const rows = await listJobs(ctx.db, { kind: kind ?? q.kind, status: q.status }, q.limit);
        return c.json({ [listKey]: rows.map(show) });
      })
      .get('/:id{[0-9]+}', async (c) => c.json(show(await ofKind(Number(c.req.param('id'))))))
      // Replay: a failed job (or every failed one) gets fresh attempts and runs again.
      .post('/:id{[0-9]+}/replay', async (c) =>
        c.json({ replayed: await replayAs(ctx, adminActor(c), kind, [Number(c.req.param('id'))]) }),
      )
      .post('/replay-failed', async (c) => c.json({ replayed: await replayAs(ctx, adminActor(c), kind) }))
      .delete('/:id{[0-9]+}', async (c) =>
        c.json({ discarded: await discardAs(ctx, adminActor(c), kind, Number(c.req.param('id'))) }),
      )
  );
}

/** `/admin/deliveries`: the Jira deliveries (and the syncs the bridge asked for itself). */
export const adminDeliveriesRoutes = (ctx: Ctx) => jobRoutes(ctx, JIRA_DELIVERY, publicDelivery, 'deliveries');

/** `/admin/jobs`: every job (deliveries, tracker events, notices, Jira comments), filterable by `kind`. */
export const adminJobsRoutes = (ctx: Ctx) => jobRoutes(ctx, undefined, publicJob, 'jobs');
