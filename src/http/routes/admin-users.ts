import { Hono } from 'hono';
import { z } from 'zod';
import { currentGaps, mapUser, unmapUser, usersReport } from '../../flows/people/user-map-service';
import type { Ctx } from '../../flows/context';
import { adminActor, adminAuth } from '../middleware/admin-auth';
import { limitBody, requireJson } from '../middleware/require-json';
import { parseJsonBody, validateBody } from '../../platform/validation/parse-json';

const accountId = z.string().regex(/^[\w:.-]{1,128}$/, 'must be a Jira account id such as 5b10ac8d82e05b22cc7d4ef5');

/**
 * `/admin/users`: the Jira → tracker user map (Jira Cloud hides most e-mails, so people fields
 * rely on it), with who is unmapped and why; `/admin/mapping-gaps`: every value left unplaced.
 */
export function adminUsersRoutes(deps: Ctx): Hono {
  const mappingSchema = z
    .object({ trackerUserId: deps.tracker.ids.user, displayName: z.string().trim().min(1).max(200).optional() })
    .strict();
  return new Hono()
    .use(adminAuth(deps))
    .get('/users', async (c) => c.json(await usersReport(deps)))
    .put('/users/:accountId', requireJson(), limitBody(4 * 1024), async (c) => {
      const id = validateBody(c.req.param('accountId'), accountId, 'Jira account id');
      const input = parseJsonBody(await c.req.text(), mappingSchema, 'user mapping');
      return c.json(await mapUser(deps, adminActor(c), { jiraAccountId: id, ...input }));
    })
    .delete('/users/:accountId', async (c) =>
      c.json({ removed: await unmapUser(deps, adminActor(c), c.req.param('accountId')) }),
    )
    .get('/mapping-gaps', async (c) => c.json({ gaps: await currentGaps(deps) }));
}
