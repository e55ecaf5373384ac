import { Hono } from 'hono';
import { z } from 'zod';
import type { Ctx } from '../../flows/context';
import { requestFlow } from '../../flows/flow/request-flow';
import { validateBody } from '../../platform/validation/parse-json';
import { adminAuth } from '../middleware/admin-auth';

const jiraKey = z
  .string()
  .toUpperCase()
  .regex(/^[A-Z][A-Z0-9_]+-\d+$/, 'must be a Jira issue key such as "ABC-123"');

/** `/admin/flow/:jiraKey`: one request's flow metrics, from its Jira status history. */
export function adminFlowRoutes(ctx: Ctx): Hono {
  return new Hono()
    .use(adminAuth(ctx))
    .get('/:jiraKey', async (c) =>
      c.json(await requestFlow(ctx, validateBody(c.req.param('jiraKey'), jiraKey, 'Jira issue key'))),
    );
}
