import { z } from 'zod';

/**
 * The bridge's declarative configuration (config/bridge.config.json by default).
 * Tracker fields and options are named by their display names; the tracker adapter
 * resolves them to ids at run time, so the config survives a field being recreated.
 */

const name = z.string().trim().min(1, 'must not be empty');
const projectKey = z.string().regex(/^[A-Z][A-Z0-9_]+$/, 'must be a Jira project key such as "ABC"');
const gid = z.string().regex(/^\d+$/, 'must be a numeric gid');

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
  })
  .strict();

const simpleField = z.object({ field: name }).strict();

const enumField = z
  .object({
    field: name,
    /** Jira value -> tracker option; values not listed map to the option of the same name. */
    map: z.record(name, name).default({}),
  })
  .strict();

export const fieldMappingsSchema = z
  .object({
    status: statusMapping,
    assignee: z
      .object({ field: name, type: z.enum(['text', 'people']).default('text') })
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
      })
      .strict()
      .optional(),
    resolution: z
      .object({ field: name, type: z.enum(['text', 'enum']).default('text'), map: z.record(name, name).default({}) })
      .strict()
      .optional(),
    jiraKey: z
      .object({ field: name, format: z.enum(['key', 'url', 'key-and-url']).default('key-and-url') })
      .strict()
      .optional(),
  })
  .strict();

export const configSchema = z
  .object({
    scope: z
      .object({
        projects: z.array(projectKey).min(1, 'list at least one Jira project key'),
        /** Issue type names to follow; omit to follow every type. */
        issueTypes: z.array(name).min(1).optional(),
      })
      .strict(),
    tracker: z.object({ kind: z.literal('asana'), projectGid: gid }).strict(),
    fields: fieldMappingsSchema,
    intake: z
      .object({ maxBodyBytes: z.number().int().positive().default(1024 * 1024) })
      .strict()
      .default({ maxBodyBytes: 1024 * 1024 }),
    sync: z
      .object({
        /** Attempts per delivery before it is parked as failed (a dead letter). */
        maxAttempts: z.number().int().min(1).max(50).default(8),
        /** How long a claimed delivery stays locked before another worker may take it over. */
        leaseSeconds: z.number().int().min(5).default(120),
        /** Processed deliveries are kept this long (for idempotency and audit), then pruned. */
        retainDays: z.number().int().min(1).default(14),
      })
      .strict()
      .default({ maxAttempts: 8, leaseSeconds: 120, retainDays: 14 }),
  })
  .strict();

export type BridgeConfig = z.infer<typeof configSchema>;
export type FieldMappings = BridgeConfig['fields'];
