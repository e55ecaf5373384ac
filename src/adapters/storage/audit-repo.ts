import { and, asc, eq, gt, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from './database';
import { auditLog, type AuditRow } from './schema';

export type NewAuditEntry = Omit<typeof auditLog.$inferInsert, 'id'>;

/** Appends an entry (the trail is never updated or deleted from, except by retention). */
export async function appendAudit(db: Db, entry: NewAuditEntry): Promise<void> {
  await db.insert(auditLog).values(entry);
}

export interface AuditFilter {
  jiraKey?: string | undefined;
  taskId?: string | undefined;
  field?: string | undefined;
  /** An actor, or its start (`jira:`, `admin:`). */
  actor?: string | undefined;
  action?: string | undefined;
  mapping?: string | undefined;
  /** Epoch ms, inclusive. */
  from?: number | undefined;
  /** Epoch ms, exclusive. */
  to?: number | undefined;
}

/** A page of entries, oldest first, after the entry `afterId` (the cursor). */
export async function auditPage(db: Db, filter: AuditFilter, afterId: number, limit: number): Promise<AuditRow[]> {
  const conditions: SQL[] = [gt(auditLog.id, afterId)];
  if (filter.jiraKey) conditions.push(eq(auditLog.jiraKey, filter.jiraKey.toUpperCase()));
  if (filter.taskId) conditions.push(eq(auditLog.taskId, filter.taskId));
  if (filter.field) conditions.push(eq(auditLog.field, filter.field));
  if (filter.actor)
    conditions.push(sql`${auditLog.actor} LIKE ${`${filter.actor.replace(/[%_\\]/g, '\\$&')}%`} ESCAPE '\\'`);
  if (filter.action) conditions.push(eq(auditLog.action, filter.action));
  if (filter.mapping) conditions.push(eq(auditLog.mapping, filter.mapping));
  if (filter.from !== undefined) conditions.push(gte(auditLog.at, filter.from));
  if (filter.to !== undefined) conditions.push(lt(auditLog.at, filter.to));
  return db
    .select()
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(asc(auditLog.id))
    .limit(limit);
}

/** Retention: entries older than `before` go (only when `audit.retainDays` is set). */
export async function pruneAudit(db: Db, before: number): Promise<void> {
  await db.delete(auditLog).where(lt(auditLog.at, before));
}

/** An entry as the admin API, the CLI and the exports show it. */
export function publicAudit(row: AuditRow) {
  return {
    id: row.id,
    at: new Date(row.at).toISOString(),
    action: row.action,
    actor: row.actor,
    mapping: row.mapping,
    jiraKey: row.jiraKey,
    taskGid: row.taskId,
    field: row.field,
    old: row.oldValue ?? null,
    new: row.newValue ?? null,
    rule: row.rule,
    cause: row.cause ?? null,
  };
}

export type PublicAuditEntry = ReturnType<typeof publicAudit>;
