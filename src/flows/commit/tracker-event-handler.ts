import { cancelOpenNotices } from '../../adapters/storage/notices-repo';
import { findCommit, withdrawCommit } from '../../adapters/storage/commits-repo';
import { deleteLink, findLinkByTaskId } from '../../adapters/storage/links-repo';
import type { JobRow } from '../../adapters/storage/schema';
import type { JobHandler, JobResult } from '../../work/job-handler';
import type { Ctx } from '../context';
import type { TrackerEventPayload } from '../jobs/tracker-event-job';
import { commitRequest } from './commit-request';
import { mappingOfProject } from '../links/mapping-of-project';
import { relayTaskComment } from '../comments/relay-task-comment';

const eventOf = (job: JobRow) => job.payload as unknown as TrackerEventPayload;

/**
 * A request entering the committed state becomes Jira work; one leaving it (or deleted) stops
 * being synced. Events caused by the bridge itself are ignored.
 */
export const trackerEventJobHandler: JobHandler<Ctx> = {
  noun: 'tracker event',
  describe: (job) => ({ eventId: job.id, taskId: eventOf(job).taskId, action: eventOf(job).action }),
  async run(root, [job]): Promise<JobResult> {
    const event = eventOf(job!);
    // The mapping whose tracker project the webhook watches (events stored before mappings: the first).
    const ctx = mappingOfProject(root, event.resource) ?? root;
    // A comment on the task goes to the comment relay; anything else may commit or withdraw it.
    const result = event.commentId
      ? await relayTaskComment(ctx, { ...event, commentId: event.commentId })
      : { outcome: await handle(ctx, event) };
    ctx.log.info('tracker event processed', { ...trackerEventJobHandler.describe(job!), ...result });
    return result;
  },
};

async function handle(deps: Ctx, event: TrackerEventPayload): Promise<string> {
  const { db, tracker, config, jira } = deps;
  const settings = config.commit;
  if (!settings?.enabled) return 'commit-disabled';
  if (event.userId && event.userId === (await tracker.people.selfId())) return 'own-change';

  // The event only says which task to look at: its state (deleted or not, in the project or not)
  // is read from the tracker itself, so an event cannot make the bridge act on a task by claiming it.
  const task = await tracker.tasks.getTask(event.taskId);
  const link = await findLinkByTaskId(db, event.taskId, deps.mapping);
  // Links an admin made by hand are theirs: commits neither recreate nor withdraw them.
  const commit = await findCommit(db, event.taskId);
  if (link && !commit) return 'linked-by-hand';
  // Only tasks of the configured project are acted on; one that left it after its commit is withdrawn.
  const committedHere = link !== undefined && commit?.status === 'created';
  if (task && !task.inProject && !committedHere) return 'outside-project';
  if (!task && !committedHere) return 'unknown-task';
  const committed =
    task !== null &&
    task.inProject &&
    (settings.trigger.kind === 'added-to-project' ||
      (await triggerValue(deps, task.id, settings.trigger.field)) === settings.trigger.value.toLowerCase());
  // Every step of a commit is idempotent, so a repeated event completes an interrupted commit.
  if (committed && task)
    return link && commit?.status === 'created' && commit.announced
      ? 'already-committed'
      : commitRequest(deps, task, settings);
  if (!link) return 'not-committed';

  // Withdrawn or deleted: stop syncing; the Jira issue stays, and is told if configured.
  await deleteLink(db, link.id);
  await cancelOpenNotices(db, link.id);
  await withdrawCommit(db, event.taskId, deps.clock.now());
  if (settings.onUncommit === 'comment') {
    const what = task ? `"${task.name}" was withdrawn from` : 'The request linked to this issue was deleted in';
    await jira.comment(link.jiraKey, `${what} the product tracker; this issue is no longer synced with it.`);
  }
  return task ? 'uncommitted' : 'task-deleted';
}

async function triggerValue(deps: Ctx, taskId: string, field: string): Promise<string | null> {
  const value = (await deps.tracker.tasks.readFields(taskId, [field]))[field];
  return value?.type === 'enum' ? value.option.toLowerCase() : null;
}
