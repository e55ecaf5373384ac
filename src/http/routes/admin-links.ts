import { Hono } from 'hono';
import { z } from 'zod';
import type { Ctx } from '../../flows/context';
import { createLink, listAllLinks, removeLinks } from '../../flows/links/link-service';
import { parseJsonBody } from '../../platform/validation/parse-json';
import { adminActor, adminAuth } from '../middleware/admin-auth';
import { recordAdminAction } from '../../flows/audit/audit-trail';
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
      const made = await createLink(ctx, input);
      for (const mapping of made.mappings ?? [made.link.mapping])
        await recordAdminAction(ctx, adminActor(c), 'linked', {
          jiraKey: made.link.jiraKey,
          taskId: made.link.taskGid,
          mapping,
        });
      return c.json(made, 201);
    })
    .get('/', async (c) => c.json({ links: await listAllLinks(ctx) }))
    .delete('/:jiraKey', async (c) => {
      const removed = await removeLinks(ctx, c.req.param('jiraKey'), c.req.query('mapping'));
      for (const link of removed)
        await recordAdminAction(ctx, adminActor(c), 'unlinked', {
          jiraKey: link.jiraKey,
          taskId: link.taskGid,
          mapping: link.mapping,
        });
      return c.json({ removed: removed[0], ...(removed.length > 1 && { mappings: removed.map((l) => l.mapping) }) });
    });
}
