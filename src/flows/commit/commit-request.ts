import type { BridgeConfig } from '../../platform/config/schema';
import type { IssueSnapshot } from '../../engine/types';
import {
  claimAnnouncement,
  claimCommit,
  claimJiraNotice,
  forgetIssue,
  recordCreated,
  reviveCommit,
} from '../../adapters/storage/commits-repo';
import { findLinkByTaskId, insertLink } from '../../adapters/storage/links-repo';
import type { Ctx } from '../context';
import { followRequesters } from '../people/follow-requesters';
import { syntheticDelivery } from '../jobs/delivery-job';
import type { TrackerTask } from '../../adapters/tracker/tracker';

type CommitSettings = NonNullable<BridgeConfig['commit']>;

/** The label that marks the Jira issue created for a task: searchable, created with the issue. */
export const commitLabel = (taskId: string) => `tracker-${taskId}`;
export const remoteLinkId = (taskId: string) => `tracker-task:${taskId}`;

/**
 * Turns a committed request into Jira work, exactly once: the commit row is claimed before the
 * create; after an ambiguous failure the next attempt looks for the issue by its label before
 * creating one. A request withdrawn and committed again gets its old issue back (reopened and
 * told, per `onRecommit`), never a second one, whichever mapping commits it (a task in two
 * projects gets one issue, linked under each). Then links task and issue both ways, says so on
 * the task, and queues the first sync.
 */
export async function commitRequest(deps: Ctx, task: TrackerTask, settings: CommitSettings): Promise<string> {
  const { db, clock, tracker, jira } = deps;
  await reviveCommit(db, task.id, clock.now()); // a no-op unless the request was withdrawn
  let claim = await claimCommit(db, task.id, clock.now());
  // A re-commit's issue as Jira has it now: gone (deleted meanwhile) means a new one is created.
  const revived =
    claim.jiraIssueId && claim.jiraNotice === 'pending' ? await jira.getIssue(claim.jiraIssueId) : undefined;
  if (revived === null) {
    await forgetIssue(db, task.id, clock.now());
    claim = { ...claim, jiraIssueId: null, jiraKey: null, jiraNotice: null, attempts: 1 };
  }
  let issue = claim.jiraIssueId && claim.jiraKey ? { id: claim.jiraIssueId, key: claim.jiraKey } : null;
  if (!issue && claim.attempts > 1) issue = await jira.findIssueByLabel(commitLabel(task.id));
  if (!issue) {
    const values = settings.requestTypeField
      ? await tracker.tasks.readFields(task.id, [settings.requestTypeField])
      : {};
    const requestType = settings.requestTypeField ? values[settings.requestTypeField] : null;
    const target = (requestType?.type === 'enum' && settings.targets[requestType.option]) || settings.targets.default!;
    const requesterField = deps.config.notifications.recipients.requesterField;
    const requesters = requesterField
      ? (await tracker.conversation.noticeAudience(task.id, requesterField)).requesters
      : [];
    const email = requesters[0] ? await tracker.people.emailOf(requesters[0]) : null;
    issue = await jira.createIssue({
      project: target.project,
      issueType: target.issueType,
      summary: task.name,
      description: { text: 'Requested in the product tracker:', linkText: task.name, url: task.url ?? task.id },
      labels: [...settings.labels, commitLabel(task.id)],
      components: settings.components,
      reporterAccountId: email ? await jira.findAccountIdByEmail(email) : null,
    });
  }
  await recordCreated(db, task.id, issue, clock.now());

  const existing = await findLinkByTaskId(db, task.id, deps.mapping);
  const link =
    existing ??
    (await insertLink(
      db,
      { mapping: deps.mapping, jiraIssueId: issue.id, jiraKey: issue.key, taskId: task.id },
      clock.now(),
    ));
  await jira.addRemoteLink(issue.key, { globalId: remoteLinkId(task.id), url: task.url ?? '', title: task.name });
  await followRequesters(deps, task.id);
  if (await claimAnnouncement(db, task.id, clock.now())) {
    // Claimed first, so the courtesy comment is posted at most once.
    await tracker.conversation.postNote(task.id, {
      text: 'Committed as',
      link: { text: issue.key, url: jira.issueUrl(issue.key) },
      marker: `bridge-commit-${task.id}`,
    });
  }
  if (await claimJiraNotice(db, task.id, clock.now()))
    await tellJiraOfRecommit(deps, issue, revived ?? (await jira.getIssue(issue.id)), task, settings);
  // The first sync is a job like any other: it runs next, and is retried if it fails.
  await deps.work.enqueue([
    syntheticDelivery('admin', `commit:${task.id}:${link.id}`, issue, 'link_created', clock.now()),
  ]);
  return existing ? 'already-linked' : claim.jiraNotice ? 'recommitted' : 'committed';
}

/** Claimed once per re-commit: the issue is reopened if it was done, and told why. */
async function tellJiraOfRecommit(
  deps: Ctx,
  issue: { id: string; key: string },
  current: IssueSnapshot | null,
  task: TrackerTask,
  settings: CommitSettings,
): Promise<void> {
  if (settings.onRecommit === 'leave') return;
  const reopened =
    settings.onRecommit === 'reopen' && current?.status.category === 'done' && (await deps.jira.reopen(issue.key));
  const action = reopened ? 'was reopened: its request' : 'is synced again: its request';
  await deps.jira.comment(issue.key, `This issue ${action} "${task.name}" was committed again in the product tracker.`);
}
