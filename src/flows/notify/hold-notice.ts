import type { NotificationSettings } from '../../platform/config/schema';
import { noticeChanges } from '../../engine/notices/notice-changes';
import { noticeDueAt, type NoticeWindows } from '../../engine/notices/notice-timing';
import type { FieldValues } from '../../engine/types';
import { holdChange, lastSentAt } from '../../adapters/storage/notices-repo';
import type { LinkRow } from '../../adapters/storage/schema';
import type { Ctx } from '../context';
import { noticeJob } from '../jobs/notice-job';

/** The coalescing windows for an issue's notices: its Jira project's quiet hours, else the default. */
export function noticeWindows(settings: NotificationSettings, jiraKey: string): NoticeWindows {
  const project = settings.projects[jiraKey.split('-')[0] ?? ''];
  return {
    quietWindowMs: settings.quietWindowMinutes * 60_000,
    maxHoldMs: settings.maxHoldMinutes * 60_000,
    quietHours: project?.quietHours ?? settings.quietHours,
  };
}

/**
 * Adds a sync's announceable changes to the task's open notice, and (re)schedules the notice's
 * sending for when it is due: the notice schedules itself.
 */
export async function holdNotice(
  ctx: Ctx,
  link: LinkRow,
  written: FieldValues,
  changes: FieldValues,
  jiraKey: string,
  actors: string[],
): Promise<void> {
  const settings = ctx.config.notifications;
  const news = noticeChanges(written, changes, ctx.config.fields, settings);
  if (!news) return;
  const now = ctx.clock.now();
  const sentAt = await lastSentAt(ctx.db, link.taskId);
  const windows = noticeWindows(settings, jiraKey);
  const row = await holdChange(
    ctx.db,
    { linkId: link.id, taskId: link.taskId, jiraKey, before: news.before, actors, urgent: news.urgent, at: now },
    (timing) => noticeDueAt({ ...timing, lastChangeAt: now, lastSentAt: sentAt }, windows),
  );
  await ctx.work.enqueue([noticeJob(row)], { at: row.dueAt, reschedule: true });
}
