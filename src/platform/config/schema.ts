import { z } from 'zod';
import { notificationsSchema } from './notifications-schema';

/**
 * The bridge's declarative configuration (config/bridge.config.json by default).
 * Tracker fields and options are named by their display names; the tracker adapter
 * resolves them to ids at run time, so the config survives a field being recreated.
 */

const name = z.string().trim().min(1, 'must not be empty');
const projectKey = z.string().regex(/^[A-Z][A-Z0-9_]+$/, 'must be a Jira project key such as "ABC"');

/** `notify`: whether followers hear about a change of this field (else it updates silently). */
const notify = z.boolean().optional();

const statusCategories = z
  .object({ new: name, indeterminate: name, done: name })
  .strict()
  .describe('Tracker option used for a Jira status that `map` does not list, by its status category');

const statusMapping = z
  .object({
    field: name,
    /** Jira status name -> tracker enum option name. */
    map: z.record(name, name).default({}),
    byCategory: statusCategories,
    /** Tracker option written when the Jira issue is deleted; omit to leave the field as it was. */
    onDeleted: name.optional(),
    notify,
  })
  .strict();

const simpleField = z.object({ field: name, notify }).strict();

const enumField = z
  .object({
    field: name,
    /** Jira value -> tracker option; values not listed map to the option of the same name. */
    map: z.record(name, name).default({}),
    notify,
  })
  .strict();

/**
 * Any Jira field to any tracker field. `jira` names the Jira field by id (`labels`,
 * `customfield_10050`) or by its name as Jira shows it ("Team"); `type` is the tracker field's.
 * For enum and multi_enum fields, `map` turns Jira values into options, and `unmapped` says what
 * a value the map does not list does: `same-name` writes the option of the same name, `leave`
 * leaves the field as it is, `default` writes `default`, `report` leaves the field and reports
 * the value as a mapping gap.
 */
export const customFieldSchema = z
  .object({
    jira: name,
    field: name,
    type: z.enum(['text', 'enum', 'multi_enum', 'number', 'date', 'people']),
    map: z.record(name, name).default({}),
    unmapped: z.enum(['same-name', 'leave', 'default', 'report']).default('same-name'),
    default: name.optional(),
    notify,
  })
  .strict()
  .refine((entry) => entry.unmapped !== 'default' || entry.default !== undefined, {
    message: '`unmapped: "default"` needs `default`, the option to write',
    path: ['default'],
  });

export const fieldMappingsSchema = z
  .object({
    status: statusMapping,
    assignee: z
      .object({ field: name, type: z.enum(['text', 'people']).default('text'), notify })
      .strict()
      .optional(),
    priority: enumField.optional(),
    fixVersions: simpleField.optional(),
    sprint: simpleField.optional(),
    dueDate: simpleField.optional(),
    storyPoints: z
      .object({
        field: name,
        /** Jira field *names* tried in order; the id is looked up through /rest/api/3/field. */
        jiraFieldNames: z.array(name).min(1).default(['Story Points', 'Story point estimate']),
        notify,
      })
      .strict()
      .optional(),
    resolution: z
      .object({
        field: name,
        type: z.enum(['text', 'enum']).default('text'),
        map: z.record(name, name).default({}),
        notify,
      })
      .strict()
      .optional(),
    jiraKey: z
      .object({ field: name, format: z.enum(['key', 'url', 'key-and-url']).default('key-and-url'), notify })
      .strict()
      .optional(),
    /** Any other Jira field, system or custom, each to a tracker field. */
    custom: z.array(customFieldSchema).default([]),
  })
  .strict();

const jiraLimitsSchema = z
  .object({
    requestsPerMinute: z.number().positive().default(600),
    burst: z.number().int().positive().default(50),
    maxConcurrentReads: z.number().int().positive().default(10),
  })
  .strict();

const debounceSchema = z
  .object({
    quietMs: z.number().int().min(0).max(60_000).default(1_000),
    maxDelayMs: z.number().int().min(0).max(600_000).default(5_000),
  })
  .strict();

const syncSchema = z
  .object({
    /** Attempts per delivery before it is parked as failed (a dead letter). */
    maxAttempts: z.number().int().min(1).max(50).default(8),
    /** How long a claimed delivery stays locked before another worker may take it over. */
    leaseSeconds: z.number().int().min(5).default(120),
    /** Processed deliveries are kept this long (for idempotency and audit), then pruned. */
    retainDays: z.number().int().min(1).default(14),
    /**
     * Jobs the Node process runs at once (one issue's syncs are never run side by side). By
     * default, what the upstreams allow at once: the smaller of the tracker's concurrent writes
     * and Jira's concurrent reads.
     */
    concurrency: z.number().int().min(1).max(64).optional(),
    /**
     * A burst of deliveries for one issue costs one sync: the sync waits until no delivery
     * for the issue came for `quietMs`, but never more than `maxDelayMs` after the first.
     */
    debounce: debounceSchema.default(() => debounceSchema.parse({})),
  })
  .strict();

const baseConfigSchema = z
  .object({
    scope: z
      .object({
        projects: z.array(projectKey).min(1, 'list at least one Jira project key'),
        /** Issue type names to follow; omit to follow every type. */
        issueTypes: z.array(name).min(1).optional(),
      })
      .strict(),
    /** The tracker's own section, checked by its adapter (see `configSchemaWith`). */
    tracker: z.object({ kind: z.string().min(1) }).passthrough(),
    fields: fieldMappingsSchema,
    intake: z
      .object({
        maxBodyBytes: z
          .number()
          .int()
          .positive()
          .default(1024 * 1024),
        /** Events one tracker delivery may carry; a bigger one is refused whole (413), nothing stored. */
        maxTrackerEventsPerDelivery: z.number().int().min(1).max(10_000).default(500),
      })
      .strict()
      .default({ maxBodyBytes: 1024 * 1024, maxTrackerEventsPerDelivery: 500 }),
    sync: syncSchema.default(() => syncSchema.parse({})),
    notifications: notificationsSchema.default(() => notificationsSchema.parse({})),
    /** Rate limits per upstream: `jira`, and one entry per tracker kind (checked by `configSchemaWith`). */
    limits: z
      .object({ jira: jiraLimitsSchema.default(() => jiraLimitsSchema.parse({})) })
      .catchall(z.unknown())
      .default(() => ({ jira: jiraLimitsSchema.parse({}) })),
    /**
     * Link an unlinked issue on its first webhook when it carries a remote link to a tracker task
     * (one Jira request per delivery of an unlinked issue).
     */
    autoLink: z.boolean().default(false),
    /** A Jira field (by name) that may hold the tracker task's URL or id, read by `autoLink` besides remote links. */
    autoLinkJiraField: name.optional(),
    commit: z
      .object({
        enabled: z.boolean().default(false),
        /** What "committed" means: the task is in the tracker project, or an enum field holds a value. */
        trigger: z
          .discriminatedUnion('kind', [
            z.object({ kind: z.literal('added-to-project') }).strict(),
            z.object({ kind: z.literal('field'), field: name, value: name }).strict(),
          ])
          .default({ kind: 'added-to-project' }),
        /** An enum field whose option picks the Jira project and issue type (see `targets`). */
        requestTypeField: name.optional(),
        /** Request type option -> Jira project and issue type; `default` for the rest. */
        targets: z
          .record(name, z.object({ project: projectKey, issueType: name }).strict())
          .refine((t) => 'default' in t, 'needs a "default" target'),
        labels: z.array(name).default([]),
        components: z.array(name).default([]),
        /** A request leaves the committed state (or its task is deleted): sync stops; Jira is left alone or told. */
        onUncommit: z.enum(['leave', 'comment']).default('comment'),
        /**
         * When a withdrawn request is committed again, it is linked back to its Jira issue (never a
         * second one), which is reopened with a comment, only told, or left as it is.
         */
        onRecommit: z.enum(['reopen', 'comment', 'leave']).default('reopen'),
      })
      .strict()
      .optional(),
    reconcile: z
      .object({
        /** How often Jira is asked for issues updated since the last run (Node timer; Cron on Workers). */
        intervalMinutes: z.number().positive().default(10),
        /** Extra look-back, so an issue updated during the previous run is not missed. */
        overlapMinutes: z.number().min(0).default(5),
        /** How far back the very first run looks. */
        firstLookbackHours: z.number().positive().default(24),
      })
      .strict()
      .default({ intervalMinutes: 10, overlapMinutes: 5, firstLookbackHours: 24 }),
  })
  .strict();

/** What a tracker adapter contributes to the config: its section's schema and its limits' schema. */
export interface TrackerConfigSpec {
  kind: string;
  section: z.ZodObject;
  limits: z.ZodObject;
}

/**
 * The whole config schema with the trackers' sections: `tracker` is one of theirs (by `kind`),
 * `limits.<kind>` their rate limits, with their defaults. The composition root passes them in.
 */
export function configSchemaWith(trackers: readonly TrackerConfigSpec[]) {
  const [first, ...rest] = trackers;
  if (!first) throw new Error('no tracker adapter');
  const section = rest.length
    ? z.discriminatedUnion('kind', [first.section, ...rest.map((t) => t.section)] as never)
    : first.section;
  const limitsShape = {
    jira: jiraLimitsSchema.default(() => jiraLimitsSchema.parse({})),
    ...Object.fromEntries(trackers.map((t) => [t.kind, t.limits.default(() => t.limits.parse({}))])),
  };
  const limits = z.object(limitsShape).strict();
  return baseConfigSchema.extend({ tracker: section, limits: limits.default(() => limits.parse({})) });
}

export type BridgeConfig = z.infer<typeof baseConfigSchema>;
export type FieldMappings = BridgeConfig['fields'];
export type CustomFieldMapping = FieldMappings['custom'][number];
export type NotificationSettings = BridgeConfig['notifications'];
export { notificationsSchema };
export type QuietHours = NonNullable<NotificationSettings['quietHours']>;
export type NoticeTemplates = NotificationSettings['templates'];
