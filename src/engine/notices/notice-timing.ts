import type { QuietHours } from '../../platform/config/schema';
import { quietHoursEnd } from './quiet-hours';

export interface NoticeClock {
  firstChangeAt: number;
  lastChangeAt: number;
  urgent: boolean;
  /** When this task's previous notice went out, if ever. */
  lastSentAt: number | null;
}

export interface NoticeWindows {
  quietWindowMs: number;
  maxHoldMs: number;
  quietHours?: QuietHours | undefined;
}

/**
 * Pure: when a held notice goes out. Urgent: now. Otherwise once the task has been quiet for
 * the window, or the first change is as old as the cap, whichever comes first; never within a
 * window of the task's previous notice; and never in quiet hours (it waits for their end).
 */
export function noticeDueAt(notice: NoticeClock, windows: NoticeWindows): number {
  if (notice.urgent) return notice.lastChangeAt;
  let due = Math.min(notice.lastChangeAt + windows.quietWindowMs, notice.firstChangeAt + windows.maxHoldMs);
  if (notice.lastSentAt !== null) due = Math.max(due, notice.lastSentAt + windows.quietWindowMs);
  return windows.quietHours ? quietHoursEnd(due, windows.quietHours) : due;
}
