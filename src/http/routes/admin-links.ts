import { Hono } from 'hono';
import { z } from 'zod';
import type { Ctx } from '../../flows/context';
import { createLink, listAllLinks, removeLinks } from '../../flows/links/link-service';
import { parseJsonBody } from '../../platform/validation/parse-json';
import { adminActor, adminAuth } from '../middleware/admin-auth';
import { limitBody, requireJson } from '../middleware/require-json';

/** `/admin/links`: create (and sync at once), list and remove links, per mapping. Bearer-token protected. */
export function adminLinksRoutes(ctx: Ctx): Hono {
  const newLinkSchema = z
    .object({
      jiraKey: z
        .string()
        .trim()
        .toUpperCase()
        .regex(/^[A-Z][A-Z0-9_]+-\d+$/, 'must be a Jira issue key such as "ABC-123"'),
      taskGid: ctx.tracker.ids.task,
      /** The mapping to link under; by default every one whose scope and tracker project fit. */
      mapping: z.string().min(1).max(100).optional(),
    })
    .strict();
  return new Hono()
    .use(adminAuth(ctx))
    .post('/', requireJson(), limitBody(16 * 1024), async (c) => {
      const input = parseJsonBody(await c.req.text(), newLinkSchema, 'link');
      return c.json(await createLink(ctx, adminActor(c), input), 201);
    })
    .get('/', async (c) => c.json({ links: await listAllLinks(ctx) }))
    .delete('/:jiraKey', async (c) => {
      const removed = await removeLinks(ctx, adminActor(c), c.req.param('jiraKey'), c.req.query('mapping'));
      return c.json({ removed: removed[0], ...(removed.length > 1 && { mappings: removed.map((l) => l.mapping) }) });
    });
}
