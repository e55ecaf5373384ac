import { Hono } from 'hono';
import { z } from 'zod';
import type { Ctx } from '../../flows/context';
import { createLink, listAllLinks, removeLink } from '../../flows/links/link-service';
import { parseJsonBody } from '../../platform/validation/parse-json';
import { adminAuth } from '../middleware/admin-auth';
import { limitBody, requireJson } from '../middleware/require-json';

/** `/admin/links`: create (and sync at once), list and remove links. Bearer-token protected. */
export function adminLinksRoutes(ctx: Ctx): Hono {
  const newLinkSchema = z
    .object({
      jiraKey: z
        .string()
        .trim()
        .toUpperCase()
        .regex(/^[A-Z][A-Z0-9_]+-\d+$/, 'must be a Jira issue key such as "ABC-123"'),
      taskGid: ctx.tracker.ids.task,
    })
    .strict();
  return new Hono()
    .use(adminAuth(ctx.secrets.adminToken))
    .post('/', requireJson(), limitBody(16 * 1024), async (c) => {
      const input = parseJsonBody(await c.req.text(), newLinkSchema, 'link');
      return c.json(await createLink(ctx, input), 201);
    })
    .get('/', async (c) => c.json({ links: await listAllLinks(ctx) }))
    .delete('/:jiraKey', async (c) => c.json({ removed: await removeLink(ctx, c.req.param('jiraKey')) }));
}
