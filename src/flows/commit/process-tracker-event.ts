import { cancelOpenNotices } from '../../adapters/storage/notices-repo';
import { retryDelayMs } from '../../work/backoff';
import type { SyncScheduler } from '../../work/scheduler';
import { describeError } from '../../platform/log/logger';
import { classifyFailure } from '../../platform/retry/classify';
import { findCommit, withdrawCommit } from '../../adapters/storage/commits-repo';
import { deleteLink, findLinkByTaskId } from '../../adapters/storage/links-repo';
import type { TrackerEventRow } from '../../adapters/storage/schema';
import { claimTrackerEvent, settleTrackerEvent } from '../../adapters/storage/tracker-events-repo';
import type { SyncDeps } from '../sync/sync-deps';
import { commitRequest } from './commit-request';

export type TrackerEventResult = { processed: false } | { processed: true; event: TrackerEventRow; outcome: string };

/**
 * Processes the next tracker event: a request entering the committed state becomes Jira work;
 * one leaving it (or deleted) stops being synced. Events caused by the bridge itself are ignored.
 */
export async function processNextTrackerEvent(deps: SyncDeps, scheduler: Pick<SyncScheduler, 'runNow'>, onlyId?: number): Promise<TrackerEventResult> {
  const { db, clock, config, logger } = deps;
  const event = await claimTrackerEvent(db, clock.now(), config.sync.leaseSeconds * 1000, onlyId);
  if (!event) return { processed: false };
  try {
    const outcome = await handle(deps, scheduler, event);
    await settleTrackerEvent(db, event.id, { status: 'done', outcome });
    logger.info('tracker event processed', { eventId: event.id, taskId: event.taskId, action: event.action, outcome });
    return { processed: true, event, outcome };
  } catch (err) {
    const error = describeError(err);
    const decision = classifyFailure(err);
    if (decision.retryable && event.attempts < config.sync.maxAttempts) {
      await settleTrackerEvent(db, event.id, { status: 'pending', error, nextAttemptAt: clock.now() + retryDelayMs(event.attempts, decision.retryAfterMs) });
      logger.warn('tracker event will be retried', { eventId: event.id, taskId: event.taskId, error });
      return { processed: true, event, outcome: 'retrying' };
    }
    await settleTrackerEvent(db, event.id, { status: 'failed', error });
    logger.error('tracker event failed', { eventId: event.id, taskId: event.taskId, error });
    return { processed: true, event, outcome: 'failed' };
  }
}

async function handle(deps: SyncDeps, scheduler: Pick<SyncScheduler, 'runNow'>, event: TrackerEventRow): Promise<string> {
  const { db, tracker, config, jiraWriter } = deps;
  const settings = config.commit;
  if (!settings?.enabled) return 'commit-disabled';
  if (event.userId && event.userId === (await tracker.selfId())) return 'own-change';

  // The event only says which task to look at: its state (deleted or not, in the project or not)
  // is read from the tracker itself, so an event cannot make the bridge act on a task by claiming it.
  const task = await tracker.getTask(event.taskId);
  const link = await findLinkByTaskId(db, event.taskId);
  // Links an admin made by hand are theirs: commits neither recreate nor withdraw them.
  const commit = await findCommit(db, event.taskId);
  if (link && !commit) return 'linked-by-hand';
  // Only tasks of the configured project are acted on; one that left it after its commit is withdrawn.
  const committedHere = link !== undefined && commit?.status === 'created';
  if (task && !task.inProject && !committedHere) return 'outside-project';
  if (!task && !committedHere) return 'unknown-task';
  const committed = task !== null && task.inProject && (settings.trigger.kind === 'added-to-project' || (await triggerValue(deps, task.id, settings.trigger.field)) === settings.trigger.value.toLowerCase());
  // Every step of a commit is idempotent, so a repeated event completes an interrupted commit.
  if (committed && task) return link && commit?.status === 'created' && commit.announced ? 'already-committed' : commitRequest(deps, scheduler, task, settings);
  if (!link) return 'not-committed';

  // Withdrawn or deleted: stop syncing; the Jira issue stays, and is told if configured.
  await deleteLink(db, link.id);
  await cancelOpenNotices(db, link.id);
  await withdrawCommit(db, event.taskId, deps.clock.now());
  if (settings.onUncommit === 'comment') {
    const what = task ? `"${task.name}" was withdrawn from` : 'The request linked to this issue was deleted in';
    await jiraWriter.comment(link.jiraKey, `${what} the product tracker; this issue is no longer synced with it.`);
  }
  return task ? 'uncommitted' : 'task-deleted';
}

async function triggerValue(deps: SyncDeps, taskId: string, field: string): Promise<string | null> {
  const value = (await deps.tracker.readFields(taskId, [field]))[field];
  return value?.type === 'enum' ? value.option.toLowerCase() : null;
}
