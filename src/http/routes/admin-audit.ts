import { Hono } from 'hono';
import { z } from 'zod';
import type { AuditFilter } from '../../adapters/storage/audit-repo';
import type { Ctx } from '../../flows/context';
import { allAudit, auditCsvLine, AUDIT_CSV_COLUMNS, readAudit } from '../../flows/audit/audit-trail';
import { validateBody } from '../../platform/validation/parse-json';
import { adminAuth } from '../middleware/admin-auth';

const isoTime = z
  .string()
  .refine(
    (t) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(t) && !Number.isNaN(Date.parse(t)),
    'must be an ISO 8601 time such as 2026-12-01T00:00:00Z',
  )
  .transform((t) => Date.parse(t));

export const auditFilterShape = {
  jiraKey: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_]+-\d+$/, 'must be a Jira issue key such as "ABC-123"')
    .optional(),
  taskGid: z
    .string()
    .regex(/^\d{1,30}$/, 'must be a numeric task gid')
    .optional(),
  field: z.string().min(1).max(200).optional(),
  actor: z.string().min(1).max(200).optional(),
  action: z
    .string()
    .regex(/^[a-z-]{1,40}$/, 'must be an action such as "field-written"')
    .optional(),
  mapping: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be a mapping name')
    .optional(),
  from: isoTime.optional(),
  to: isoTime.optional(),
};
const pageQuery = z
  .object({
    ...auditFilterShape,
    cursor: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict();
const exportQuery = z.object({ ...auditFilterShape, format: z.enum(['csv', 'ndjson']).default('ndjson') }).strict();

export const filterOf = (q: Partial<z.infer<typeof exportQuery>>): AuditFilter => ({
  jiraKey: q.jiraKey,
  taskId: q.taskGid,
  field: q.field,
  actor: q.actor,
  action: q.action,
  mapping: q.mapping,
  from: q.from,
  to: q.to,
});

/**
 * `/admin/audit`: the audit trail, filtered, a page at a time (`cursor` continues it); and
 * `/admin/audit/export?format=csv|ndjson`, streamed whatever its size. Read-only tokens may read it.
 */
export function adminAuditRoutes(ctx: Ctx): Hono {
  return new Hono()
    .use(adminAuth(ctx))
    .get('/', async (c) => {
      const q = validateBody(c.req.query(), pageQuery, 'query');
      return c.json(await readAudit(ctx, filterOf(q), q.cursor, q.limit));
    })
    .get('/export', (c) => {
      const q = validateBody(c.req.query(), exportQuery, 'query');
      return auditExport(ctx, filterOf(q), q.format);
    });
}

/** The matching entries as a CSV or NDJSON download, streamed a page at a time whatever its size. */
export function auditExport(ctx: Pick<Ctx, 'db'>, filter: AuditFilter, format: 'csv' | 'ndjson'): Response {
  const entries = allAudit(ctx, filter);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      if (format === 'csv') controller.enqueue(encoder.encode(`${AUDIT_CSV_COLUMNS.join(',')}\r\n`));
    },
    async pull(controller) {
      const next = await entries.next();
      if (next.done) return controller.close();
      const line = format === 'csv' ? `${auditCsvLine(next.value)}\r\n` : `${JSON.stringify(next.value)}\n`;
      controller.enqueue(encoder.encode(line));
    },
  });
  const type = format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson';
  return new Response(body, {
    headers: { 'content-type': type, 'content-disposition': `attachment; filename="audit.${format}"` },
  });
}
