import { desiredValues } from '../../engine/desired-values';
import { diffValues } from '../../engine/diff-values';
import type { FieldValues } from '../../engine/types';
import { findLinkByIssueId } from '../../adapters/storage/links-repo';
import { readState, writeState } from '../../adapters/storage/sync-state-repo';
import type { Ctx } from '../context';
import { TOP_LEVEL_MAPPING } from '../../platform/config/schema';
import { syntheticDelivery } from '../jobs/delivery-job';
import { reconcileJql } from './reconcile-jql';

const WATERMARK = 'reconcile.watermark';

export interface ReconcileReport {
  scanned: number;
  drifted: number;
  enqueued: number;
  since: string;
}

/**
 * Repairs missed webhooks: asks Jira for the issues in scope updated since the last run (with
 * an overlap) and queues a sync for every linked one whose tracker values are behind Jira's
 * state. The watermark only moves after a complete scan, so a failed run is simply repeated.
 */
export async function reconcile(root: Ctx): Promise<ReconcileReport> {
  const reports: ReconcileReport[] = [];
  for (const name of root.mappingNames) reports.push(await reconcileMapping(root.inMapping(name)));
  if (reports.length === 1) return reports[0]!;
  return {
    scanned: reports.reduce((n, r) => n + r.scanned, 0),
    drifted: reports.reduce((n, r) => n + r.drifted, 0),
    enqueued: reports.reduce((n, r) => n + r.enqueued, 0),
    since: reports.map((r) => r.since).sort()[0]!,
  };
}

/** One mapping's scan, with its own watermark (the top-level mapping keeps the one it always had). */
async function reconcileMapping(deps: Ctx): Promise<ReconcileReport> {
  const { db, clock, config, jira, log } = deps;
  const now = clock.now();
  const key = deps.mapping === TOP_LEVEL_MAPPING ? WATERMARK : `${WATERMARK}.${deps.mapping}`;
  const stored = await readState(db, key);
  const watermark = stored ? Number(stored) : now - config.reconcile.firstLookbackHours * 3_600_000;
  const jql = reconcileJql(config.scope, now - watermark + config.reconcile.overlapMinutes * 60_000);
  const report: ReconcileReport = { scanned: 0, drifted: 0, enqueued: 0, since: new Date(watermark).toISOString() };

  for await (const issue of jira.search(jql)) {
    report.scanned++;
    const link = await findLinkByIssueId(db, issue.id, deps.mapping);
    if (!link || link.state !== 'active') continue;
    const behind = link.issueUpdatedAt === null || issue.updatedAt > link.issueUpdatedAt;
    const differs =
      Object.keys(diffValues(desiredValues(issue, config.fields), link.writtenValues as FieldValues)).length > 0;
    if (!behind && !differs) continue;
    report.drifted++;
    // One delivery per issue state: rerunning the scan does not queue it twice.
    const [job] = await deps.work.enqueue([
      syntheticDelivery('reconcile', `reconcile:${issue.id}:${issue.updatedAt}`, issue, 'reconcile', issue.updatedAt),
    ]);
    if (job?.scheduled) report.enqueued++;
  }
  await writeState(db, key, String(now), clock.now());
  log.info('reconciliation done', { mapping: deps.mapping, ...report });
  return report;
}
