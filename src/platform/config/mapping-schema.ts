import { z } from 'zod';
import { notificationsSchema } from './notifications-schema';
import { statusUpdatesSchema } from './status-updates-schema';

/**
 * What one mapping says: which Jira issues it follows, the tracker project they are linked in,
 * how fields map, who hears about changes and how requests are committed. A deployment has one
 * mapping at the top level of the config, and may list more under `mappings`.
 * Tracker fields and options are named by their display names; the tracker adapter resolves
 * them to ids at run time, so the config survives a field being recreated.
 */

export const name = z.string().trim().min(1, 'must not be empty');
export const projectKey = z.string().regex(/^[A-Z][A-Z0-9_]+$/, 'must be a Jira project key such as "ABC"');

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

const trackerType = z.enum(['text', 'enum', 'multi_enum', 'number', 'date', 'people']);

/**
 * What every entry says besides where its value comes from: the tracker `field` and its `type`;
 * for enum and multi_enum fields, `map` turns Jira values into options, and `unmapped` says what
 * a value the map does not list does: `same-name` writes the option of the same name, `leave`
 * leaves the field as it is, `default` writes `default`, `report` leaves the field and reports
 * the value as a mapping gap.
 */
const entryShape = {
  field: name,
  type: trackerType,
  map: z.record(name, name).default({}),
  unmapped: z.enum(['same-name', 'leave', 'default', 'report']).default('same-name'),
  default: name.optional(),
  notify,
};
const hasDefaultOption = (entry: { unmapped: string; default?: string | undefined }) =>
  entry.unmapped !== 'default' || entry.default !== undefined;
const needsDefaultOption = {
  message: '`unmapped: "default"` needs `default`, the option to write',
  path: ['default'] as PropertyKey[],
};

/**
 * A built-in field (assignee, priority, fix versions, ...) as an entry of the same mechanism as
 * `custom`: its Jira value is read as the bridge always did, and its type, map and unmapped rule
 * default to what it always wrote.
 */
const builtIn = (type: z.infer<typeof trackerType>) =>
  z
    .object({ ...entryShape, type: trackerType.default(type) })
    .strict()
    .refine(hasDefaultOption, needsDefaultOption);

/**
 * Any Jira field to any tracker field. `jira` names the Jira field by id (`labels`,
 * `customfield_10050`) or by its name as Jira shows it ("Team"); `type` is the tracker field's.
 */
export const customFieldSchema = z
  .object({ jira: name, ...entryShape })
  .strict()
  .refine(hasDefaultOption, needsDefaultOption);

const flowField = z.object({ field: name }).strict();

/**
 * A request's flow written into tracker fields: number fields for the metrics (in days, to one
 * decimal; reopenings as a count), date fields for the forecast. Refreshed daily and when the
 * issue changes status; these fields never notify anyone (they move every day).
 */
export const flowFieldsSchema = z
  .object({
    cycleTimeDays: flowField.optional(),
    leadTimeDays: flowField.optional(),
    daysInCurrentStatus: flowField.optional(),
    blockedDays: flowField.optional(),
    reopenings: flowField.optional(),
    /** The date by which it is 50% likely to be done (empty once done, or with no forecast). */
    forecast50: flowField.optional(),
    forecast85: flowField.optional(),
  })
  .strict();

export type FlowFields = z.infer<typeof flowFieldsSchema>;

export const fieldMappingsSchema = z
  .object({
    status: statusMapping,
    assignee: builtIn('text').optional(),
    priority: builtIn('enum').optional(),
    fixVersions: builtIn('text').optional(),
    sprint: builtIn('text').optional(),
    dueDate: builtIn('date').optional(),
    storyPoints: z
      .object({
        ...entryShape,
        type: trackerType.default('number'),
        /** Jira field *names* tried in order; the id is looked up through /rest/api/3/field. */
        jiraFieldNames: z.array(name).min(1).default(['Story Points', 'Story point estimate']),
      })
      .strict()
      .refine(hasDefaultOption, needsDefaultOption)
      .optional(),
    resolution: builtIn('text').optional(),
    jiraKey: z
      .object({ field: name, format: z.enum(['key', 'url', 'key-and-url']).default('key-and-url'), notify })
      .strict()
      .optional(),
    /** Any other Jira field, system or custom, each to a tracker field. */
    custom: z.array(customFieldSchema).default([]),
    /** Flow metrics and the forecast, each into a tracker field (see flowFieldsSchema). */
    flow: flowFieldsSchema.optional(),
  })
  .strict();

/** The Jira issues a mapping follows: projects (and issue types), a JQL filter, or both. */
export const scopeSchema = z
  .object({
    projects: z.array(projectKey).min(1, 'list at least one Jira project key').optional(),
    /** Issue type names to follow; omit to follow every type. */
    issueTypes: z.array(name).min(1).optional(),
    /** A JQL filter the issues must match too, e.g. `labels = mobile`; Jira is asked when it matters. */
    jql: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(2000)
      .refine((jql) => !/\border\s+by\b/i.test(jql), 'must be a filter without ORDER BY')
      .optional(),
  })
  .strict()
  .refine((scope) => scope.projects !== undefined || scope.jql !== undefined, {
    message: 'list Jira project keys in `projects`, or give a `jql` filter',
  });

export const commitSchema = z
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
  .strict();

const keywords = z.array(name).default([]);
const atLeastOneRule = (rules: Record<string, unknown>) =>
  Object.values(rules).some((v) => v === true || (Array.isArray(v) && v.length > 0));

/**
 * The conversation across the two tools (opt-in): which Jira comments are posted on the linked
 * task, and which comments on the task are posted on the Jira issue. A comment matching any rule
 * of its direction is relayed once; its edits and deletion follow it. Jira comments restricted to
 * a role or group are never relayed.
 */
export const commentsSchema = z
  .object({
    toTracker: z
      .object({
        /** Every comment visible to everyone who can see the issue. */
        public: z.boolean().default(false),
        /** Every comment on an issue carrying one of these labels. */
        labels: z.array(name).default([]),
        /** Comments containing one of these words (any case), e.g. "#stakeholders". */
        keywords,
      })
      .strict()
      .refine(atLeastOneRule, 'give a rule: `public`, `labels` or `keywords`')
      .optional(),
    toJira: z
      .object({
        /** Comments that mention the bridge's own tracker user. */
        mentionsBridge: z.boolean().default(false),
        /** Comments containing one of these words (any case), e.g. "#jira". */
        keywords,
      })
      .strict()
      .refine(atLeastOneRule, 'give a rule: `mentionsBridge` or `keywords`')
      .optional(),
  })
  .strict();

/**
 * The tracker project as a board (opt-in, never inherited): each task is kept in the section
 * (column) of its mapped status. `sections` names the section of a status option when it is not
 * the option's own name; a missing section is created unless `createSections` is false.
 */
export const boardSchema = z
  .object({
    enabled: z.boolean().default(true),
    sections: z.record(name, name).default({}),
    createSections: z.boolean().default(true),
  })
  .strict();

/** A mapping's name: it tags the links made under it, so keep it once links exist. */
export const mappingName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be lower-case letters, digits and dashes, such as "mobile"');

/** The name of the mapping written at the top level of the config. */
export const TOP_LEVEL_MAPPING = 'default';

/** One entry of `mappings`; `tracker` holds what differs from the top-level `tracker` (e.g. `projectGid`). */
export const mappingEntrySchema = z
  .object({
    name: mappingName,
    scope: scopeSchema,
    tracker: z.record(z.string(), z.unknown()).default({}),
    fields: fieldMappingsSchema,
    /** Omitted: the top-level `notifications`. */
    notifications: notificationsSchema.optional(),
    /** Omitted: this mapping commits nothing (commits are never inherited: one request, one Jira issue). */
    commit: commitSchema.optional(),
    /** Omitted: the top-level setting. */
    autoLink: z.boolean().optional(),
    /** Omitted: this mapping relays no comments (never inherited). */
    comments: commentsSchema.optional(),
    /** Omitted: no status update on this mapping's project (never inherited). */
    statusUpdates: statusUpdatesSchema.optional(),
    /** Omitted: tasks stay in the sections people put them in (never inherited). */
    board: boardSchema.optional(),
  })
  .strict();
