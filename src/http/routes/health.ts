import { Hono } from 'hono';
import type { Ctx } from '../../flows/context';
import { healthReport } from '../../flows/health/health-report';

/** `GET /health`: 200 with the report, 503 when the database is unreachable. */
export function healthRoute(ctx: Ctx): Hono {
  return new Hono().get('/', async (c) => {
    const report = await healthReport(ctx);
    return c.json(report, report.status === 'ok' ? 200 : 503);
  });
}
