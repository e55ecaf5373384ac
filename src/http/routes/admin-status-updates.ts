import { Hono } from 'hono';
import { z } from 'zod';
import type { Ctx } from '../../flows/context';
import { listStatusUpdates, postDueStatusUpdate, previewStatusUpdate } from '../../flows/report/status-update-admin';
import { parseJsonBody, validateBody } from '../../platform/validation/parse-json';
import { adminActor, adminAuth } from '../middleware/admin-auth';

const mapping = z.string().min(1).max(40).optional();
const listQuery = z.object({ mapping, limit: z.coerce.number().int().min(1).max(100).default(20) }).strict();
const previewQuery = z.object({ mapping }).strict();
const postBody = z.object({ mapping }).strict();

/**
 * `/admin/status-updates`: the updates posted on the tracker project (GET), the next one as it
 * would read now (GET /preview), and the newest due one posted now if it was not (POST).
 */
export function adminStatusUpdatesRoutes(ctx: Ctx): Hono {
  return new Hono()
    .use(adminAuth(ctx))
    .get('/', async (c) => {
      const q = validateBody(c.req.query(), listQuery, 'query');
      return c.json(await listStatusUpdates(ctx, q.mapping, q.limit));
    })
    .get('/preview', async (c) => {
      const q = validateBody(c.req.query(), previewQuery, 'query');
      return c.json(await previewStatusUpdate(ctx, q.mapping));
    })
    .post('/', async (c) => {
      const raw = await c.req.text();
      const body = parseJsonBody(raw.trim() ? raw : '{}', postBody, 'status update request');
      return c.json(await postDueStatusUpdate(ctx, adminActor(c), body.mapping));
    });
}
