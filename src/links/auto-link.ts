import { ConflictError } from '../errors/app-errors';
import { isInScope } from '../engine/scope';
import { insertLink, findLinkByIssueId } from '../storage/links-repo';
import type { LinkRow } from '../storage/schema';
import type { SyncDeps } from '../sync/sync-deps';
import { reconcileJql } from '../reconcile/reconcile-jql';

/** The tracker task an issue's remote links point at, if any (and it is in the tracker project). */
export async function referencedTask(deps: Pick<SyncDeps, 'jira' | 'tracker'>, issueIdOrKey: string): Promise<string | null> {
  for (const link of await deps.jira.remoteLinks(issueIdOrKey)) {
    const taskId = deps.tracker.taskIdFromUrl(link.url);
    if (!taskId) continue;
    const task = await deps.tracker.getTask(taskId);
    if (task?.inProject) return task.id;
  }
  return null;
}

/** Links an issue to the task its remote link points at; null when there is none, or either side is linked already. */
export async function autoLinkIssue(deps: SyncDeps, issue: { id: string; key: string }): Promise<LinkRow | null> {
  const taskId = await referencedTask(deps, issue.id);
  if (!taskId) return null;
  try {
    const link = await insertLink(deps.db, { jiraIssueId: issue.id, jiraKey: issue.key, taskId }, deps.clock.now());
    deps.logger.info('issue linked by its remote link', { jiraKey: issue.key, taskId });
    return link;
  } catch (err) {
    if (err instanceof ConflictError) return null;
    throw err;
  }
}

export interface AutoLinkReport {
  scanned: number;
  found: Array<{ jiraKey: string; taskId: string }>;
  linked: number;
}

/** `link --auto`: scans the issues in scope for remote links to tracker tasks and links them. */
export async function autoLinkScan(deps: SyncDeps, options: { dryRun: boolean; lookbackDays?: number }): Promise<AutoLinkReport> {
  const report: AutoLinkReport = { scanned: 0, found: [], linked: 0 };
  const jql = reconcileJql(deps.config.scope, (options.lookbackDays ?? 365) * 86_400_000);
  for await (const issue of deps.jira.search(jql)) {
    report.scanned++;
    if (!isInScope(deps.config.scope, issue) || (await findLinkByIssueId(deps.db, issue.id))) continue;
    const taskId = await referencedTask(deps, issue.id);
    if (!taskId) continue;
    report.found.push({ jiraKey: issue.key, taskId });
    if (!options.dryRun && (await autoLinkIssue(deps, issue))) report.linked++;
  }
  return report;
}
