import type { NewJob } from '../../adapters/storage/jobs-repo';
import type { NoticeRow } from '../../adapters/storage/schema';

/** The kind of job that sends one held notice, due when its coalescing window closes. */
export const NOTICE = 'notice';

export const noticeJob = (notice: Pick<NoticeRow, 'id' | 'taskId'>): NewJob => ({
  kind: NOTICE,
  key: String(notice.id),
  group: notice.taskId,
  payload: { noticeId: notice.id },
});
