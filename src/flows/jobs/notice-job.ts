import type { NewJob } from '../../adapters/storage/jobs-repo';
import type { NoticeRow } from '../../adapters/storage/schema';

/** The kind of job that sends one held notice, due when its coalescing window closes. */
export const NOTICE = 'notice';

/**
 * Notices are not grouped: the next notice of a task, waiting out its quiet window, must not hold
 * back the retry of the one being sent (the link's sync lock already keeps them apart).
 */
export const noticeJob = (notice: Pick<NoticeRow, 'id' | 'taskId'>): NewJob => ({
  kind: NOTICE,
  key: String(notice.id),
  group: null,
  payload: { noticeId: notice.id, taskId: notice.taskId },
});
