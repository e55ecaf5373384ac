import { unfinishedJobsOfGroups } from '../../adapters/storage/jobs-admin-repo';
import { linksPage } from '../../adapters/storage/links-repo';
import { listGaps } from '../../adapters/storage/mapping-gaps-repo';
import type { JobRow } from '../../adapters/storage/schema';
import { linkHealth } from '../../engine/dashboard/link-health';
import type { Ctx } from '../context';
import { JIRA_DELIVERY } from '../jobs/delivery-job';

const LINKS_PER_PAGE = 50;

/**
 * A page of links with each one's sync state and drift (the fields where the task differs from
 * Jira, or may, and why), worked out from the store: interrupted writes, deliveries still queued
 * or failed, values the mapping could not place.
 */
export async function linksView(ctx: Ctx, q: { mapping?: string | undefined; attention: boolean; page: number }) {
  const { rows, total } = await linksPage(
    ctx.db,
    { mapping: q.mapping, attention: q.attention, deliveryKind: JIRA_DELIVERY },
    (q.page - 1) * LINKS_PER_PAGE,
    LINKS_PER_PAGE,
  );
  const jobs = await unfinishedJobsOfGroups(
    ctx.db,
    JIRA_DELIVERY,
    rows.map((r) => r.jiraIssueId),
  );
  const byIssue = new Map<string, JobRow[]>();
  for (const job of jobs) byIssue.set(job.groupKey!, [...(byIssue.get(job.groupKey!) ?? []), job]);
  const keys = new Set(rows.map((r) => r.jiraKey));
  const gaps = (await listGaps(ctx.db)).filter((g) => keys.has(g.lastIssueKey));
  const now = ctx.clock.now();
  return {
    total,
    page: q.page,
    pages: Math.max(1, Math.ceil(total / LINKS_PER_PAGE)),
    links: rows.map((link) => ({
      link,
      ...linkHealth(
        {
          lastSyncedAt: link.lastSyncedAt,
          pendingFields: Object.keys(link.pendingValues ?? {}),
          deliveries: (byIssue.get(link.jiraIssueId) ?? []).map((j) => ({
            status: j.status,
            createdAt: j.createdAt,
            lastError: j.lastError,
          })),
          gaps: gaps.filter((g) => g.lastIssueKey === link.jiraKey).map((g) => ({ field: g.field, detail: g.detail })),
        },
        now,
      ),
    })),
  };
}

export type LinksView = Awaited<ReturnType<typeof linksView>>;
