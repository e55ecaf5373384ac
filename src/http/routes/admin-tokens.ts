import { Hono } from 'hono';
import { z } from 'zod';
import type { Ctx } from '../../flows/context';
import { createAdminToken, listTokens, revokeToken } from '../../flows/admin/admin-tokens';
import { parseJsonBody } from '../../platform/validation/parse-json';
import { adminActor, adminAuth } from '../middleware/admin-auth';
import { limitBody, requireJson } from '../middleware/require-json';

export const tokenName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'must be lower-case letters, digits, dots, dashes, such as "ci-reader"');
const newTokenSchema = z.object({ name: tokenName, role: z.enum(['read', 'admin']).default('admin') }).strict();

/** `/admin/tokens`: named admin tokens (shown once at creation, stored hashed), listed and revoked. */
export function adminTokensRoutes(ctx: Ctx): Hono {
  return new Hono()
    .use(adminAuth(ctx))
    .get('/', async (c) => c.json({ tokens: await listTokens(ctx) }))
    .post('/', requireJson(), limitBody(4 * 1024), async (c) => {
      const input = parseJsonBody(await c.req.text(), newTokenSchema, 'token');
      return c.json(await createAdminToken(ctx, adminActor(c), input), 201);
    })
    .delete('/:name', async (c) => c.json(await revokeToken(ctx, adminActor(c), c.req.param('name'))));
}
