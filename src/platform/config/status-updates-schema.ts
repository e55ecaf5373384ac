import { Cron } from 'croner';
import { z } from 'zod';
import { isTimeZone } from './notifications-schema';

/** Five fields, as cron has them: a schedule finer than a minute would make periods no title tells apart. */
function isCron(pattern: string): boolean {
  if (pattern.split(/\s+/).length !== 5) return false;
  try {
    new Cron(pattern, { paused: true });
    return true;
  } catch {
    return false;
  }
}

const share = z.number().min(0).max(1);
const days = z.number().min(0);

/**
 * A mapping's status update on its tracker project (opt-in, never inherited: each project gets
 * its own). The update due at each `schedule` time covers the time since the one before it.
 * `status` says when it reads at risk or off track: the first rule met, off track before at risk.
 */
export const statusUpdatesSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** A cron expression (minute hour day-of-month month day-of-week), e.g. "0 9 * * MON". */
    schedule: z.string().trim().refine(isCron, 'must be a cron expression such as "0 9 * * MON"'),
    /** The IANA time zone the schedule is read in. */
    timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone such as "Europe/Berlin"').default('UTC'),
    /** The update's title, before its period (e.g. "Weekly status: 23–29 Nov 2026"). */
    title: z.string().trim().min(1).max(200).default('Weekly status'),
    status: z
      .object({
        offTrack: z
          .object({ blockedDays: days.default(10), overdueShare: share.default(0.25) })
          .strict()
          .default({ blockedDays: 10, overdueShare: 0.25 }),
        atRisk: z
          .object({ blockedDays: days.default(3), overdueShare: share.default(0.1) })
          .strict()
          .default({ blockedDays: 3, overdueShare: 0.1 }),
      })
      .strict()
      .default({ offTrack: { blockedDays: 10, overdueShare: 0.25 }, atRisk: { blockedDays: 3, overdueShare: 0.1 } }),
    /**
     * Also tell each stakeholder (the followers and requesters `notifications.recipients` names)
     * about only their requests: one comment each, on their most recently changed request's task.
     */
    digest: z.boolean().default(false),
  })
  .strict();

export type StatusUpdateSettings = z.infer<typeof statusUpdatesSchema>;
