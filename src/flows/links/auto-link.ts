import { ConflictError } from '../../platform/errors/app-errors';
import type { IssueSnapshot } from '../../engine/types';
import { isInScope } from '../../engine/scope';
import { insertLink, findLinkByIssueId } from '../../adapters/storage/links-repo';
import type { LinkRow } from '../../adapters/storage/schema';
import type { Ctx } from '../context';
import { reconcileJql } from '../reconcile/reconcile-jql';

/**
 * The tracker task an issue points at (and that is in the tracker project): through the
 * configured reference field (a task URL or id) first, then its remote links.
 */
export async function referencedTask(
  deps: Pick<Ctx, 'jira' | 'tracker'>,
  issue: Pick<IssueSnapshot, 'id' | 'trackerReference'>,
): Promise<string | null> {
  const ref = issue.trackerReference?.trim();
  const candidates = ref
    ? [deps.tracker.tasks.taskIdFromUrl(ref) ?? (deps.tracker.ids.task.safeParse(ref).success ? ref : null)]
    : [];
  for (const taskId of candidates) {
    if (taskId && (await deps.tracker.tasks.getTask(taskId))?.inProject) return taskId;
  }
  for (const link of await deps.jira.remoteLinks(issue.id)) {
    const taskId = deps.tracker.tasks.taskIdFromUrl(link.url);
    if (!taskId) continue;
    const task = await deps.tracker.tasks.getTask(taskId);
    if (task?.inProject) return task.id;
  }
  return null;
}

/** Links an issue to the task its remote link points at; null when there is none, or either side is linked already. */
export async function autoLinkIssue(
  deps: Ctx,
  issue: Pick<IssueSnapshot, 'id' | 'key' | 'trackerReference'>,
): Promise<LinkRow | null> {
  const taskId = await referencedTask(deps, issue);
  if (!taskId) return null;
  try {
    const link = await insertLink(
      deps.db,
      { mapping: deps.mapping, jiraIssueId: issue.id, jiraKey: issue.key, taskId },
      deps.clock.now(),
    );
    deps.log.info('issue linked by its remote link', { jiraKey: issue.key, taskId, mapping: deps.mapping });
    return link;
  } catch (err) {
    if (err instanceof ConflictError) return null;
    throw err;
  }
}

export interface AutoLinkReport {
  scanned: number;
  found: Array<{ jiraKey: string; taskId: string; mapping?: string }>;
  linked: number;
}

/**
 * `link --auto`: scans the issues each mapping follows for remote links to tasks of its tracker
 * project and links them (the JQL asks Jira for the mapping's scope, filter included).
 */
export async function autoLinkScan(
  root: Ctx,
  options: { dryRun: boolean; lookbackDays?: number },
): Promise<AutoLinkReport> {
  const report: AutoLinkReport = { scanned: 0, found: [], linked: 0 };
  for (const name of root.mappingNames) {
    const deps = root.inMapping(name);
    const jql = reconcileJql(deps.config.scope, (options.lookbackDays ?? 365) * 86_400_000);
    for await (const issue of deps.jira.search(jql)) {
      report.scanned++;
      if (!isInScope(deps.config.scope, issue) || (await findLinkByIssueId(deps.db, issue.id, name))) continue;
      const taskId = await referencedTask(deps, issue);
      if (!taskId) continue;
      report.found.push({ jiraKey: issue.key, taskId, ...(root.mappingNames.length > 1 && { mapping: name }) });
      if (!options.dryRun && (await autoLinkIssue(deps, issue))) report.linked++;
    }
  }
  return report;
}
