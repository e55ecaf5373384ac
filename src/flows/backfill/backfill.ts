import { planIssueSync } from '../../engine/plan-sync';
import type { FieldValues } from '../../engine/types';
import { findLinkById, forgetWritten, listLinks } from '../../adapters/storage/links-repo';
import { readState, writeState } from '../../adapters/storage/sync-state-repo';
import type { Ctx } from '../context';
import { syntheticDelivery } from '../jobs/delivery-job';
import { diffValues } from '../../engine/diff-values';

const CURSOR = 'backfill.cursor';
const RUN = 'backfill.run';

export interface BackfillOptions {
  /** Print what would change; write nothing. */
  dryRun?: boolean;
  /** Start over instead of resuming an interrupted run. */
  restart?: boolean;
  /** Rewrite every mapped field, even those the bridge believes are current (after manual edits). */
  force?: boolean;
  onProgress?: (step: { done: number; total: number; jiraKey: string; outcome: string; changes: string[] }) => void;
}

export interface BackfillSummary {
  total: number;
  skippedAsDone: number;
  outcomes: Record<string, number>;
  failed: Array<{ jiraKey: string; error: string }>;
}

/**
 * Syncs every active link once (first install, config change), through the inbox so each sync
 * is the same as a webhook's. Resumable: the last finished link is remembered, and a rerun
 * continues after it until the run completes.
 */
export async function backfill(deps: Ctx, options: BackfillOptions = {}): Promise<BackfillSummary> {
  const { db, clock, jira } = deps;
  // Links under a mapping the config no longer has are not synced (check names them).
  const links = (await listLinks(db))
    .filter((l) => l.state === 'active' && deps.mappingNames.includes(l.mapping))
    .sort((a, b) => a.id - b.id);
  if (options.restart && !options.dryRun) await writeState(db, CURSOR, '0', clock.now());
  const cursor = options.dryRun ? 0 : Number((await readState(db, CURSOR)) ?? 0);
  // Runs are numbered; a new run (not a resumed one) gets the next number, so its deliveries are new.
  let run = Number((await readState(db, RUN)) ?? 0);
  if (cursor === 0) {
    run += 1;
    if (!options.dryRun) await writeState(db, RUN, String(run), clock.now());
  }
  const summary: BackfillSummary = {
    total: links.length,
    skippedAsDone: links.filter((l) => l.id <= cursor).length,
    outcomes: {},
    failed: [],
  };
  let done = summary.skippedAsDone;

  for (const link of links.filter((l) => l.id > cursor)) {
    let outcome: string;
    let changes: string[] = [];
    if (options.dryRun) {
      const issue = await jira.getIssue(link.jiraIssueId);
      const written = options.force ? {} : (link.writtenValues as FieldValues);
      const plan = issue
        ? planIssueSync(
            {
              state: link.state,
              jiraKey: link.jiraKey,
              issueUpdatedAt: options.force ? null : link.issueUpdatedAt,
              writtenValues: written,
            },
            issue,
            deps.inMapping(link.mapping).config.fields,
          )
        : null;
      changes = plan?.action === 'apply' ? Object.keys(plan.changes) : [];
      outcome = !issue ? 'issue-not-found' : changes.length ? 'would-update' : 'unchanged';
    } else {
      if (options.force) await forgetWritten(db, link.id, clock.now());
      const issue = { id: link.jiraIssueId, key: link.jiraKey };
      const row = await deps.work.runOnce(
        syntheticDelivery('backfill', `backfill:${run}:${link.id}`, issue, 'backfill', clock.now()),
      );
      outcome = row?.status === 'done' ? (row.outcome ?? 'done') : row?.status === 'failed' ? 'failed' : 'retrying';
      // What the sync wrote is what differs from before it (everything, after --force).
      const after = (await findLinkById(db, link.id))?.writtenValues as FieldValues | undefined;
      if (row?.status === 'done' && after)
        changes = Object.keys(diffValues(after, options.force ? {} : (link.writtenValues as FieldValues)));
      if (row?.status !== 'done')
        summary.failed.push({ jiraKey: link.jiraKey, error: row?.lastError ?? 'not applied' });
      await writeState(db, CURSOR, String(link.id), clock.now());
    }
    summary.outcomes[outcome] = (summary.outcomes[outcome] ?? 0) + 1;
    options.onProgress?.({ done: ++done, total: links.length, jiraKey: link.jiraKey, outcome, changes });
  }
  // A finished run starts from the beginning next time.
  if (!options.dryRun) await writeState(db, CURSOR, '0', clock.now());
  return summary;
}
