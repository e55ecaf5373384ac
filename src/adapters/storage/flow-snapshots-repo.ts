import { and, asc, eq, gt, gte, isNull, or, sql } from 'drizzle-orm';
import type { Db } from './database';
import { flowSnapshots, links, type FlowSnapshotRow } from './schema';

/** A request's flow as computed from its history; its forecast is kept apart (see `saveForecasts`). */
export type NewFlowSnapshot = Omit<FlowSnapshotRow, 'forecastP50' | 'forecastP85'>;

/** Stores a request's flow, replacing the one computed before (its forecast stays). */
export async function saveFlowSnapshot(db: Db, row: NewFlowSnapshot): Promise<void> {
  await db.insert(flowSnapshots).values(row).onConflictDoUpdate({ target: flowSnapshots.jiraIssueId, set: row });
}

/**
 * A mapping's active links whose flow is missing or older than the issue state the bridge last
 * synced (the link's Jira `updated`; a link not synced yet counts once its flow exists), oldest
 * link first; and how many there are in all. With `syncedSince`, only links synced since then.
 */
export async function staleFlows(db: Db, mapping: string, limit: number, afterLinkId = 0, syncedSince?: number) {
  const stale = and(
    eq(links.mapping, mapping),
    eq(links.state, 'active'),
    or(isNull(flowSnapshots.jiraIssueId), sql`${links.issueUpdatedAt} > coalesce(${flowSnapshots.issueUpdatedAt}, -1)`),
    syncedSince === undefined ? undefined : gte(links.lastSyncedAt, syncedSince),
  );
  const rows = await db
    .select({
      linkId: links.id,
      jiraIssueId: links.jiraIssueId,
      jiraKey: links.jiraKey,
      issueUpdatedAt: links.issueUpdatedAt,
    })
    .from(links)
    .leftJoin(flowSnapshots, eq(flowSnapshots.jiraIssueId, links.jiraIssueId))
    .where(and(stale, gt(links.id, afterLinkId)))
    .orderBy(asc(links.id))
    .limit(limit);
  const [count] = await db
    .select({ n: sql<number>`count(*)` })
    .from(links)
    .leftJoin(flowSnapshots, eq(flowSnapshots.jiraIssueId, links.jiraIssueId))
    .where(stale);
  return { rows, total: Number(count?.n ?? 0) };
}

/** The flows of a mapping's active links. */
export async function flowsOfMapping(db: Db, mapping: string): Promise<FlowSnapshotRow[]> {
  return db
    .select({ snapshot: flowSnapshots })
    .from(flowSnapshots)
    .innerJoin(links, eq(links.jiraIssueId, flowSnapshots.jiraIssueId))
    .where(and(eq(links.mapping, mapping), eq(links.state, 'active')))
    .then((rows) => rows.map((r) => r.snapshot));
}

/** The flows of a mapping's active links, with each link's task and when it was made. */
export async function reportRowsOfMapping(db: Db, mapping: string) {
  return db
    .select({ snapshot: flowSnapshots, linkId: links.id, taskId: links.taskId, linkedAt: links.createdAt })
    .from(flowSnapshots)
    .innerJoin(links, eq(links.jiraIssueId, flowSnapshots.jiraIssueId))
    .where(and(eq(links.mapping, mapping), eq(links.state, 'active')))
    .orderBy(asc(links.id));
}

/** Stores the daily forecast of a mapping's open requests (by Jira issue id). */
export async function saveForecasts(
  db: Db,
  forecasts: ReadonlyArray<{ jiraIssueId: string; p50: number | null; p85: number | null }>,
): Promise<void> {
  for (const f of forecasts)
    await db
      .update(flowSnapshots)
      .set({ forecastP50: f.p50, forecastP85: f.p85 })
      .where(eq(flowSnapshots.jiraIssueId, f.jiraIssueId));
}

/** One link's flow, if computed. */
export async function flowOf(db: Db, jiraIssueId: string): Promise<FlowSnapshotRow | undefined> {
  const [row] = await db.select().from(flowSnapshots).where(eq(flowSnapshots.jiraIssueId, jiraIssueId));
  return row;
}

/**
 * Every active link's flow with its mapping, task and requesters (one mapping's, when named): what
 * the dashboard reads, only the columns it shows (10,000 rows are read per page view).
 */
export async function dashboardRows(db: Db, mapping?: string) {
  const f = flowSnapshots;
  return db
    .select({
      jiraKey: f.jiraKey,
      summary: f.summary,
      status: f.status,
      statusCategory: f.statusCategory,
      statusSince: f.statusSince,
      createdAt: f.createdAt,
      startedAt: f.startedAt,
      doneAt: f.doneAt,
      cycleMs: f.cycleMs,
      leadMs: f.leadMs,
      dueDate: f.dueDate,
      mapping: links.mapping,
      taskId: links.taskId,
      requesters: links.requesters,
    })
    .from(f)
    .innerJoin(links, eq(links.jiraIssueId, f.jiraIssueId))
    .where(and(eq(links.state, 'active'), mapping === undefined ? undefined : eq(links.mapping, mapping)))
    .orderBy(asc(links.id));
}
