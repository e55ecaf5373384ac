import { z } from 'zod';
import { notificationsSchema } from './notifications-schema';
import { statusUpdatesSchema, type StatusUpdateSettings } from './status-updates-schema';
import {
  boardSchema,
  commentsSchema,
  commitSchema,
  customFieldSchema,
  fieldMappingsSchema,
  mappingEntrySchema,
  name,
  scopeSchema,
  TOP_LEVEL_MAPPING,
} from './mapping-schema';

/**
 * The bridge's declarative configuration (config/bridge.config.json by default): the
 * deployment's settings, and one or more mappings (see mapping-schema.ts).
 */

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

const FORECAST_DEFAULTS = { historyWeeks: 12, trials: 1000, horizonDays: 730 };
const forecastSchema = z
  .object({
    /** Weeks of past throughput sampled (each day's count of requests done is one sample). */
    historyWeeks: z.number().int().min(1).max(104).default(12),
    /** Simulated futures per forecast. */
    trials: z.number().int().min(100).max(100_000).default(1000),
    /** A request not done within this many days in most futures has no date. */
    horizonDays: z.number().int().min(7).max(3650).default(730),
  })
  .strict();

const baseConfigSchema = z
  .object({
    /** The top-level mapping's scope and fields; optional when `mappings` lists every mapping. */
    scope: scopeSchema.optional(),
    /** The tracker's own section, checked by its adapter (see `configSchemaWith`). */
    tracker: z.object({ kind: z.string().min(1) }).passthrough(),
    fields: fieldMappingsSchema.optional(),
    /** More mappings: each its own Jira scope, tracker project, fields, notices and commits. */
    mappings: z.array(mappingEntrySchema).default([]),
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
    commit: commitSchema.optional(),
    /** The top-level mapping's comment relay (see mapping-schema.ts). */
    comments: commentsSchema.optional(),
    /** The top-level mapping's scheduled status update (see status-updates-schema.ts). */
    statusUpdates: statusUpdatesSchema.optional(),
    /** The top-level mapping's project kept as a board (see mapping-schema.ts). */
    board: boardSchema.optional(),
    flow: z
      .object({
        /** Jira status names that count as blocked time (any case). */
        blockedStatuses: z.array(z.string().trim().min(1)).default(['Blocked']),
        /** The Monte Carlo forecast of when open requests ship (see engine/forecast). */
        forecast: forecastSchema.default(FORECAST_DEFAULTS),
      })
      .strict()
      .default({ blockedStatuses: ['Blocked'], forecast: FORECAST_DEFAULTS }),
    audit: z
      .object({
        /** Audit entries older than this are pruned; omitted, the trail is kept for ever. */
        retainDays: z.number().int().min(1).optional(),
      })
      .strict()
      .default({}),
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
 * The config schema as written, with the trackers' sections: `tracker` is one of theirs (by
 * `kind`; a mapping may supply the rest, so here every key is optional), `limits.<kind>` their
 * rate limits, with their defaults. Whether the top level is a complete mapping is checked even
 * when other keys are wrong, so one run names every problem. `section` checks a complete one.
 */
export function rawConfigSchemaWith(trackers: readonly TrackerConfigSpec[]) {
  if (!trackers.length) throw new Error('no tracker adapter');
  const union = (schemas: z.ZodObject[]) =>
    schemas.length > 1 ? z.discriminatedUnion('kind', schemas as never) : schemas[0]!;
  const section = union(trackers.map((t) => t.section));
  const partialSection = union(trackers.map((t) => t.section.partial().extend({ kind: t.section.shape.kind })));
  // A mapping's `tracker` overrides keys of the top-level one (never its kind).
  const overrides = trackers.map((t) => t.section.partial().omit({ kind: true }));
  const mappingTracker = overrides.length > 1 ? z.union(overrides as never) : overrides[0]!;
  const limitsShape = {
    jira: jiraLimitsSchema.default(() => jiraLimitsSchema.parse({})),
    ...Object.fromEntries(trackers.map((t) => [t.kind, t.limits.default(() => t.limits.parse({}))])),
  };
  const limits = z.object(limitsShape).strict();
  const schema = baseConfigSchema
    .extend({
      tracker: partialSection,
      limits: limits.default(() => limits.parse({})),
      mappings: z.array(mappingEntrySchema.extend({ tracker: mappingTracker.default({} as never) })).default([]),
    })
    .superRefine(topLevelMappingComplete, { when: () => true });
  return { schema, section };
}

/** With no `mappings`, or with `scope` or `fields` at the top level, the top level is a mapping: it needs both. */
function topLevelMappingComplete(value: unknown, ctx: z.RefinementCtx) {
  if (typeof value !== 'object' || value === null) return;
  const raw = value as Record<string, unknown>;
  const listed = Array.isArray(raw.mappings) && raw.mappings.length > 0;
  if (listed && raw.scope === undefined && raw.fields === undefined) return;
  const advice = 'the top-level mapping needs it (or leave out both `scope` and `fields` and list `mappings`)';
  for (const key of ['scope', 'fields'])
    if (raw[key] === undefined) ctx.addIssue({ code: 'custom', path: [key], message: `required: ${advice}` });
}

export type RawConfig = z.infer<typeof baseConfigSchema>;
export type Scope = z.infer<typeof scopeSchema>;
export type FieldMappings = z.infer<typeof fieldMappingsSchema>;
export type CommitSettings = z.infer<typeof commitSchema>;
export type CommentSettings = z.infer<typeof commentsSchema>;
export type BoardSettings = z.infer<typeof boardSchema>;

/** One mapping, complete: what it inherits from the top level is filled in. */
export interface MappingConfig {
  name: string;
  scope: Scope;
  tracker: RawConfig['tracker'];
  fields: FieldMappings;
  notifications: RawConfig['notifications'];
  commit?: CommitSettings | undefined;
  comments?: CommentSettings | undefined;
  statusUpdates?: StatusUpdateSettings | undefined;
  board?: BoardSettings | undefined;
  autoLink: boolean;
}

/**
 * The config as the bridge uses it: the deployment's settings with the first mapping's at the
 * top level (so a one-mapping config reads as it is written), and the others in `mappings`.
 */
export type BridgeConfig = Omit<RawConfig, keyof MappingConfig | 'mappings'> &
  MappingConfig & { mappings: MappingConfig[] };
export { TOP_LEVEL_MAPPING, customFieldSchema };
export type CustomFieldMapping = FieldMappings['custom'][number];
export type NotificationSettings = RawConfig['notifications'];
export { notificationsSchema };
export type QuietHours = NonNullable<NotificationSettings['quietHours']>;
export type NoticeTemplates = NotificationSettings['templates'];
