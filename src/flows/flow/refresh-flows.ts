import { saveFlowSnapshot, staleFlows } from '../../adapters/storage/flow-snapshots-repo';
import { flowMetrics } from '../../engine/flow/flow-metrics';
import type { Ctx } from '../context';

/**
 * Recomputes from Jira the flow of up to `limit` of a mapping's requests whose issue changed since
 * their flow was last computed (two Jira reads each), after link `afterLinkId` (and, with
 * `syncedSince`, only those synced since then); returns how many are still to do and the last
 * link seen (to go on from).
 */
export async function refreshStaleFlows(
  ctx: Ctx,
  mapping: string,
  limit: number,
  afterLinkId = 0,
  keepAlive: () => Promise<void> = async () => {},
  syncedSince?: number,
) {
  const stale = await staleFlows(ctx.db, mapping, limit, afterLinkId, syncedSince);
  for (const link of stale.rows) {
    await refreshFlow(ctx, link);
    await keepAlive();
  }
  return { remaining: Math.max(0, stale.total - stale.rows.length), lastLinkId: stale.rows.at(-1)?.linkId ?? null };
}

/**
 * Recomputes, in one pass over the links, every flow of the mapping that is out of date (with
 * `syncedSince`, of the links synced since then); `keepAlive` runs after each (a job renews its
 * lease there).
 */
export async function refreshAllStaleFlows(
  ctx: Ctx,
  mapping: string,
  chunk: number,
  keepAlive?: () => Promise<void>,
  syncedSince?: number,
): Promise<void> {
  for (let after = 0; ;) {
    const { lastLinkId } = await refreshStaleFlows(ctx, mapping, chunk, after, keepAlive, syncedSince);
    if (lastLinkId === null) return;
    after = lastLinkId;
  }
}

/** Recomputes one request's flow from its Jira history (two reads); nothing when the issue is gone. */
export async function refreshFlow(
  ctx: Ctx,
  link: { jiraIssueId: string; jiraKey: string; issueUpdatedAt: number | null },
) {
  const history = await ctx.jira.statusHistory(link.jiraIssueId);
  if (!history) return;
  const now = ctx.clock.now();
  const m = flowMetrics({
    startAt: history.createdAt,
    initial: history.initial,
    changes: history.changes,
    now,
    blockedStatuses: ctx.config.flow.blockedStatuses,
  });
  await saveFlowSnapshot(ctx.db, {
    jiraIssueId: link.jiraIssueId,
    jiraKey: history.key,
    summary: history.summary,
    dueDate: history.dueDate,
    status: m.current.name,
    statusCategory: m.current.category,
    statusSince: now - m.inCurrentStatusMs,
    createdAt: history.createdAt,
    startedAt: m.startedAt,
    doneAt: m.doneAt,
    leadMs: m.leadTimeMs,
    cycleMs: m.cycleTimeMs,
    blockedMs: m.blockedMs,
    reopenings: m.reopenings,
    issueUpdatedAt: link.issueUpdatedAt,
    refreshedAt: now,
  });
}
