import { Hono } from 'hono';
import { z } from 'zod';
import type { Ctx } from '../../flows/context';
import { requestFlow } from '../../flows/flow/request-flow';
import { portfolioFlow } from '../../flows/flow/portfolio-flow';
import { validateBody } from '../../platform/validation/parse-json';
import { adminAuth } from '../middleware/admin-auth';

const jiraKey = z
  .string()
  .toUpperCase()
  .regex(/^[A-Z][A-Z0-9_]+-\d+$/, 'must be a Jira issue key such as "ABC-123"');

const portfolioQuery = z
  .object({
    mapping: z.string().min(1).max(40).optional(),
    weeks: z.coerce.number().int().min(1).max(104).default(12),
  })
  .strict();

/**
 * `/admin/flow`: each mapping's flow (throughput per week, cycle and lead time percentiles, work
 * in progress and its ageing); `/admin/flow/:jiraKey`: one request's, from its Jira status history.
 */
export function adminFlowRoutes(ctx: Ctx): Hono {
  return new Hono()
    .use(adminAuth(ctx))
    .get('/', async (c) => {
      const q = validateBody(c.req.query(), portfolioQuery, 'query');
      return c.json(await portfolioFlow(ctx, q));
    })
    .get('/:jiraKey', async (c) =>
      c.json(await requestFlow(ctx, validateBody(c.req.param('jiraKey'), jiraKey, 'Jira issue key'))),
    );
}
