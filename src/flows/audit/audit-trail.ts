import {
  appendAudit,
  auditPage,
  publicAudit,
  type AuditFilter,
  type PublicAuditEntry,
} from '../../adapters/storage/audit-repo';
import type { Ctx } from '../context';

/** A page of the audit trail, oldest first; `nextCursor` continues it (null at the end). */
export async function readAudit(ctx: Pick<Ctx, 'db'>, filter: AuditFilter, cursor: number, limit: number) {
  const rows = await auditPage(ctx.db, filter, cursor, limit + 1);
  const entries = rows.slice(0, limit).map(publicAudit);
  return { entries, nextCursor: rows.length > limit ? entries.at(-1)!.id : null };
}

/** Every matching entry, page by page, for an export of any size. */
export async function* allAudit(ctx: Pick<Ctx, 'db'>, filter: AuditFilter): AsyncGenerator<PublicAuditEntry> {
  let cursor = 0;
  for (;;) {
    const rows = await auditPage(ctx.db, filter, cursor, 500);
    for (const row of rows) yield publicAudit(row);
    if (rows.length < 500) return;
    cursor = rows.at(-1)!.id;
  }
}

export const AUDIT_CSV_COLUMNS = [
  'id',
  'at',
  'action',
  'actor',
  'mapping',
  'jiraKey',
  'taskGid',
  'field',
  'old',
  'new',
  'rule',
  'cause',
] as const;

/** Pure: one CSV line (RFC 4180: quoted when needed, quotes doubled; JSON values as JSON text). */
export function auditCsvLine(entry: PublicAuditEntry): string {
  return AUDIT_CSV_COLUMNS.map((column) => {
    const value = entry[column];
    const raw = value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
    // Text from Jira or the tracker never reaches a spreadsheet as a formula.
    const text = /^[=+\-@\t\r]/.test(raw) ? `'${raw}` : raw;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  }).join(',');
}

/** Who acts from the CLI, as the audit trail names it. */
export const CLI_ACTOR = 'admin:cli';

/** Records an admin action (a link, a replay, a token made): who did it, on what. */
export async function recordAdminAction(
  ctx: { db: Ctx['db']; clock: { now(): number } },
  actor: string,
  action: string,
  subject: {
    jiraKey?: string | null;
    taskId?: string | null;
    mapping?: string | null;
    detail?: Record<string, unknown>;
  },
): Promise<void> {
  await appendAudit(ctx.db, {
    at: ctx.clock.now(),
    action,
    actor,
    mapping: subject.mapping ?? null,
    jiraKey: subject.jiraKey ?? null,
    taskId: subject.taskId ?? null,
    cause: subject.detail ?? null,
  });
}
