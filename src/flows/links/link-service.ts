import type { IssueSnapshot } from '../../engine/types';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors/app-errors';
import type { TrackerTask } from '../../adapters/tracker/tracker';
import { requireCredentials, type Ctx } from '../context';
import { followRequesters } from '../people/follow-requesters';
import { syntheticDelivery } from '../jobs/delivery-job';
import { cancelOpenNotices } from '../../adapters/storage/notices-repo';
import {
  deleteLink,
  findLinkByIssueId,
  findLinkByTaskId,
  findLinksByKey,
  insertLink,
  listLinks,
  publicLink,
} from '../../adapters/storage/links-repo';
import { issueInScope } from './issue-in-scope';
import { recordAdminAction } from '../audit/audit-trail';

export interface NewLinkInput {
  jiraKey: string;
  taskGid: string;
  /** The mapping to link under; by default every mapping whose scope and tracker project both fit. */
  mapping?: string | undefined;
}

/**
 * Links a Jira issue to a tracker task after checking both exist, the issue is in the mapping's
 * scope and the task in its tracker project (a task in several projects is linked under each
 * mapping that fits), then syncs it at once. The sync goes through the inbox, so if it fails now
 * it is retried. Nothing is linked unless every link can be made. Each link is audited as `actor`'s.
 */
export async function createLink(root: Ctx, actor: string, input: NewLinkInput) {
  requireCredentials(root, 'Linking');
  const issue = await root.jira.getIssue(input.jiraKey);
  if (!issue) throw new NotFoundError(`Jira issue ${input.jiraKey} does not exist or is not visible to JIRA_EMAIL`);
  const { fits, task } = await mappingsThatFit(root, issue, input);

  for (const deps of fits) {
    const byIssue = await findLinkByIssueId(deps.db, issue.id, deps.mapping);
    const byTask = await findLinkByTaskId(deps.db, task.id, deps.mapping);
    const existing = byIssue ?? byTask;
    if (existing) {
      const under = fits.length > 1 || root.mappingNames.length > 1 ? ` under mapping "${deps.mapping}"` : '';
      const message = byIssue
        ? `${issue.key} is already linked to task ${existing.taskId}${under}`
        : `Task ${task.id} is already linked to ${existing.jiraKey}${under}`;
      throw new ConflictError(message, { link: publicLink(existing) });
    }
  }
  const now = root.clock.now();
  const made = [];
  for (const deps of fits) {
    await followRequesters(deps, task.id);
    made.push(
      await insertLink(
        deps.db,
        { mapping: deps.mapping, jiraIssueId: issue.id, jiraKey: issue.key, taskId: task.id },
        now,
      ),
    );
    await recordAdminAction(root, actor, 'linked', { jiraKey: issue.key, taskId: task.id, mapping: deps.mapping });
  }
  // One sync of the issue serves every mapping it is linked under.
  const delivery = await root.work.runOnce(
    syntheticDelivery('admin', `admin:link:${made[0]!.id}`, issue, 'link_created', now),
  );
  const synced = (await findLinkByIssueId(root.db, issue.id, made[0]!.mapping)) ?? made[0]!;
  return {
    link: publicLink(synced),
    ...(made.length > 1 && { mappings: made.map((l) => l.mapping) }),
    task: { name: task.name, url: task.url },
    sync: {
      status: delivery?.status ?? 'pending',
      outcome: delivery?.outcome ?? null,
      error: delivery?.lastError ?? null,
    },
  };
}

/** The mappings a link fits (the one named, or every one whose scope and project fit), and the task. */
async function mappingsThatFit(
  root: Ctx,
  issue: IssueSnapshot,
  input: NewLinkInput,
): Promise<{ fits: Ctx[]; task: TrackerTask }> {
  if (input.mapping !== undefined && !root.mappingNames.includes(input.mapping)) {
    const problem = `mapping: no mapping "${input.mapping}" (the config has ${root.mappingNames.map((n) => `"${n}"`).join(', ')})`;
    throw new ValidationError(problem, [problem]);
  }
  const names = input.mapping !== undefined ? [input.mapping] : root.mappingNames;
  const several = root.mappingNames.length > 1;
  const fits: Ctx[] = [];
  const problems: string[] = [];
  let task: TrackerTask | null = null;
  for (const name of names) {
    const deps = root.inMapping(name);
    const of = several ? ` of mapping "${name}"` : '';
    if (!(await issueInScope(deps, issue))) {
      problems.push(
        `jiraKey: ${issue.key} (${issue.projectKey}, ${issue.issueType}) is outside the ${several ? `scope${of}` : 'configured scope'}`,
      );
      continue;
    }
    const found = await deps.tracker.tasks.getTask(input.taskGid);
    if (!found)
      throw new NotFoundError(
        `Task ${input.taskGid} does not exist or is not visible to the bridge's ${deps.tracker.name} credentials`,
      );
    if (!found.inProject) {
      problems.push(
        `taskGid: task ${input.taskGid} is not in the tracker project ${deps.tracker.projectId}${of}, so it has none of the mapped fields`,
      );
      continue;
    }
    task = found;
    fits.push(deps);
  }
  if (!task || !fits.length) throw new ValidationError(problems.join('; '), problems);
  return { fits, task };
}

export async function listAllLinks(deps: Pick<Ctx, 'db'>) {
  return (await listLinks(deps.db)).map(publicLink);
}

/**
 * Stops syncing an issue, under one mapping or under every one; the task and its field values
 * are left as they are. Returns the links removed, the first first.
 */
export async function removeLinks(deps: Pick<Ctx, 'db' | 'clock'>, actor: string, jiraKey: string, mapping?: string) {
  const found = await findLinksByKey(deps.db, jiraKey, mapping);
  if (!found.length)
    throw new NotFoundError(`No link for ${jiraKey.toUpperCase()}${mapping ? ` under mapping "${mapping}"` : ''}`);
  for (const link of found) {
    await deleteLink(deps.db, link.id);
    await cancelOpenNotices(deps.db, link.id);
    await recordAdminAction(deps, actor, 'unlinked', {
      jiraKey: link.jiraKey,
      taskId: link.taskId,
      mapping: link.mapping,
    });
  }
  return found.map(publicLink);
}
