import { z } from 'zod';

/** The `notifications` section: who hears about changes, when, and in which words. */

const name = z.string().trim().min(1, 'must not be empty');
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a 24-hour time such as "19:00"');

const quietHours = z
  .object({
    /** An IANA time zone, e.g. "Europe/Berlin". */
    timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone such as "Europe/Berlin"'),
    start: clockTime,
    end: clockTime,
  })
  .strict();

const templates = z
  .object({
    /** When the status changed: `{feature}`, `{from}`, `{to}`. */
    statusChange: z.string().min(1).default('{feature} moved from {from} to {to}'),
    /** When other fields changed: `{feature}`. */
    update: z.string().min(1).default('{feature} was updated in Jira'),
    /** After the headline: `{key}` (a link to the issue), `{actors}`. */
    attribution: z.string().min(1).default('({key}, changed in Jira by {actors})'),
  })
  .strict();

const projectNotifications = z
  .object({ quietHours: quietHours.optional(), templates: templates.partial().optional() })
  .strict();

export const notificationsSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** Changes to a task are held until it has been quiet this long... */
    quietWindowMinutes: z.number().positive().default(3),
    /** ...or until the first held change is this old. */
    maxHoldMinutes: z.number().positive().default(10),
    /** Tracker field -> values whose arrival is urgent: sent at once, even in quiet hours. */
    urgent: z.record(name, z.array(name)).default({}),
    recipients: z
      .object({
        followers: z.boolean().default(true),
        /** A people field whose people are told too (the requesting stakeholder). */
        requesterField: name.optional(),
        /** Add the requester as a follower when a task is linked. */
        addRequesterAsFollower: z.boolean().default(false),
        /** Tracker user ids never mentioned (bots); the bridge's own user is always left out. */
        exclude: z.array(z.string().regex(/^\d+$/, 'must be a numeric user gid')).default([]),
      })
      .strict()
      .default({ followers: true, addRequesterAsFollower: false, exclude: [] }),
    quietHours: quietHours.optional(),
    templates: templates.default({
      statusChange: '{feature} moved from {from} to {to}',
      update: '{feature} was updated in Jira',
      attribution: '({key}, changed in Jira by {actors})',
    }),
    /** Per Jira project key: its own quiet hours and templates. */
    projects: z.record(z.string().regex(/^[A-Z][A-Z0-9_]+$/), projectNotifications).default({}),
  })
  .strict();

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
