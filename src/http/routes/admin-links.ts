import { Hono } from 'hono';
import { z } from 'zod';
import { createLink, listAllLinks, removeLink } from '../../flows/links/link-service';
import type { AppDeps } from '../app-deps';
import { adminAuth } from '../middleware/admin-auth';
import { limitBody, requireJson } from '../middleware/require-json';
import { parseJsonBody } from '../parse-json';

const newLinkSchema = z
  .object({
    jiraKey: z.string().trim().toUpperCase().regex(/^[A-Z][A-Z0-9_]+-\d+$/, 'must be a Jira issue key such as "ABC-123"'),
    taskGid: z.string().trim().regex(/^\d+$/, 'must be a numeric Asana task gid'),
  })
  .strict();

/** `/admin/links`: create (and sync at once), list and remove links. Bearer-token protected. */
export function adminLinksRoutes(deps: AppDeps): Hono {
  return new Hono()
    .use(adminAuth(deps.security.adminToken))
    .post('/', requireJson(), limitBody(16 * 1024), async (c) => {
      const input = parseJsonBody(await c.req.text(), newLinkSchema, 'link');
      return c.json(await createLink(deps, input), 201);
    })
    .get('/', async (c) => c.json({ links: await listAllLinks(deps) }))
    .delete('/:jiraKey', async (c) => c.json({ removed: await removeLink(deps, c.req.param('jiraKey')) }));
}
