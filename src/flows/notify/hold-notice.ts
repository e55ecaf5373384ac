import type { NotificationSettings } from '../../platform/config/schema';
import { noticeChanges } from '../../engine/notices/notice-changes';
import { noticeDueAt, type NoticeWindows } from '../../engine/notices/notice-timing';
import type { FieldValues } from '../../engine/types';
import { holdChange, lastSentAt } from '../../adapters/storage/notices-repo';
import type { LinkRow } from '../../adapters/storage/schema';
import type { SyncDeps } from '../sync/sync-deps';

/** The coalescing windows for an issue's notices: its Jira project's quiet hours, else the default. */
export function noticeWindows(settings: NotificationSettings, jiraKey: string): NoticeWindows {
  const project = settings.projects[jiraKey.split('-')[0] ?? ''];
  return {
    quietWindowMs: settings.quietWindowMinutes * 60_000,
    maxHoldMs: settings.maxHoldMinutes * 60_000,
    quietHours: project?.quietHours ?? settings.quietHours,
  };
}

/** Adds a sync's announceable changes to the task's open notice; returns it, or nothing if there is no news. */
export async function holdNotice(
  deps: SyncDeps,
  link: LinkRow,
  written: FieldValues,
  changes: FieldValues,
  jiraKey: string,
  actors: string[],
): Promise<{ id: number; dueAt: number } | undefined> {
  const settings = deps.config.notifications;
  const news = noticeChanges(written, changes, deps.config.fields, settings);
  if (!news) return undefined;
  const now = deps.clock.now();
  const sentAt = await lastSentAt(deps.db, link.taskId);
  const windows = noticeWindows(settings, jiraKey);
  const row = await holdChange(
    deps.db,
    { linkId: link.id, taskId: link.taskId, jiraKey, before: news.before, actors, urgent: news.urgent, at: now },
    (timing) => noticeDueAt({ ...timing, lastChangeAt: now, lastSentAt: sentAt }, windows),
  );
  return { id: row.id, dueAt: row.dueAt };
}
