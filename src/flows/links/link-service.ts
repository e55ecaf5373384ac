import { isInScope } from '../../engine/scope';
import { NotFoundError, ValidationError } from '../../platform/errors/app-errors';
import { requireCredentials, type Ctx } from '../context';
import { followRequesters } from '../people/follow-requesters';
import { syntheticDelivery } from '../jobs/delivery-job';
import { cancelOpenNotices } from '../../adapters/storage/notices-repo';
import {
  deleteLink,
  findLinkByIssueId,
  findLinkByKey,
  insertLink,
  listLinks,
  publicLink,
} from '../../adapters/storage/links-repo';

/**
 * Links a Jira issue to a tracker task after checking both exist and the issue is in scope,
 * then syncs it at once. The sync goes through the inbox, so if it fails now it is retried.
 */
export async function createLink(deps: Ctx, input: { jiraKey: string; taskGid: string }) {
  requireCredentials(deps, 'Linking');
  const { jira, tracker } = deps;
  const issue = await jira.getIssue(input.jiraKey);
  if (!issue) throw new NotFoundError(`Jira issue ${input.jiraKey} does not exist or is not visible to JIRA_EMAIL`);
  if (!isInScope(deps.config.scope, issue)) {
    const problem = `jiraKey: ${issue.key} (${issue.projectKey}, ${issue.issueType}) is outside the configured scope`;
    throw new ValidationError(problem, [problem]);
  }
  const task = await tracker.tasks.getTask(input.taskGid);
  if (!task)
    throw new NotFoundError(
      `Task ${input.taskGid} does not exist or is not visible to the bridge's ${tracker.name} credentials`,
    );
  if (!task.inProject) {
    const problem = `taskGid: task ${input.taskGid} is not in the tracker project ${tracker.projectId}, so it has none of the mapped fields`;
    throw new ValidationError(problem, [problem]);
  }

  const now = deps.clock.now();
  await followRequesters(deps, task.id);
  const link = await insertLink(deps.db, { jiraIssueId: issue.id, jiraKey: issue.key, taskId: task.id }, now);
  const delivery = await deps.work.runOnce(
    syntheticDelivery('admin', `admin:link:${link.id}`, issue, 'link_created', now),
  );
  const synced = (await findLinkByIssueId(deps.db, issue.id)) ?? link;
  return {
    link: publicLink(synced),
    task: { name: task.name, url: task.url },
    sync: {
      status: delivery?.status ?? 'pending',
      outcome: delivery?.outcome ?? null,
      error: delivery?.lastError ?? null,
    },
  };
}

export async function listAllLinks(deps: Pick<Ctx, 'db'>) {
  return (await listLinks(deps.db)).map(publicLink);
}

/** Stops syncing an issue; the task and its field values are left as they are. */
export async function removeLink(deps: Pick<Ctx, 'db'>, jiraKey: string) {
  const link = await findLinkByKey(deps.db, jiraKey);
  if (!link) throw new NotFoundError(`No link for ${jiraKey.toUpperCase()}`);
  await deleteLink(deps.db, link.id);
  await cancelOpenNotices(deps.db, link.id);
  return publicLink(link);
}
