import { AppError } from '../../../platform/errors/app-errors';
import type { ExpectedField, FieldValues } from '../../../engine/types';
import type { Clock } from '../../../platform/clock/clock';
import { classifyFailure } from '../../../platform/retry/classify';
import { defaultRetryPolicy, withRetry, type RetryPolicy } from '../../../platform/retry/with-retry';
import type { FieldProblem, TrackerTask, TrackerTasks } from '../tracker';
import { unwrap, type AsanaApi } from './asana-client';
import { decodeValue, type AsanaTaskCustomField } from './decode-values';
import { encodeValues, type AsanaCustomFieldValue } from './encode-values';
import { taskIdFromUrl } from './task-url';
import { checkCatalog } from './check-catalog';
import { fieldKey, loadFieldCatalog, type AsanaFieldCatalog } from './field-catalog';

/** The config names something the Asana project does not have; retrying will not help. */
export class TrackerMappingError extends AppError {
  readonly status = 422;
  readonly code = 'tracker_mapping';
  constructor(readonly problems: string[]) {
    super(`The Asana project does not match the config: ${problems.join('; ')}`, { problems });
  }
}

export interface AsanaTasksOptions {
  api: AsanaApi;
  projectGid: string;
  clock: Clock;
  /** How long resolved field and option gids are trusted before they are read again. */
  catalogTtlMs?: number;
  retry?: RetryPolicy;
}

const VALUE_FIELDS = [
  'custom_fields.name',
  'custom_fields.resource_subtype',
  'custom_fields.text_value',
  'custom_fields.number_value',
  'custom_fields.enum_value.name',
  'custom_fields.multi_enum_values.name',
  'custom_fields.date_value.date',
  'custom_fields.people_value.name',
] as const;

/** Tasks and their custom fields: field and option names resolved to gids through a cached catalog. */
export function createAsanaTasks(options: AsanaTasksOptions): TrackerTasks {
  const { api, projectGid, clock } = options;
  const ttl = options.catalogTtlMs ?? 10 * 60 * 1000;
  const policy = options.retry ?? defaultRetryPolicy;
  let cached: { at: number; catalog: Promise<AsanaFieldCatalog> } | undefined;

  function catalog(refresh = false): Promise<AsanaFieldCatalog> {
    const now = clock.now();
    if (refresh || !cached || now - cached.at > ttl) {
      const loading = loadFieldCatalog(api, projectGid, clock, policy);
      cached = { at: now, catalog: loading };
      loading.catch(() => (cached = undefined));
    }
    return cached.catalog;
  }

  async function encode(changes: FieldValues, refresh: boolean) {
    const { customFields, problems } = encodeValues(changes, await catalog(refresh));
    return { customFields, problems };
  }

  async function put(taskId: string, customFields: Record<string, AsanaCustomFieldValue>) {
    // Setting field values is idempotent, so a retried PUT cannot apply anything twice.
    await withRetry(
      async () =>
        unwrap(
          await api.PUT('/tasks/{task_gid}', {
            params: { path: { task_gid: taskId }, query: { opt_fields: ['name'] } },
            body: { data: { custom_fields: customFields } },
          }),
          `update of task ${taskId}`,
          clock,
        ),
      clock,
      policy,
    );
  }

  return {
    taskIdFromUrl,
    taskUrl: (taskId) => `https://app.asana.com/0/${projectGid}/${taskId}`,

    async getTask(taskId: string): Promise<TrackerTask | null> {
      const result = await api.GET('/tasks/{task_gid}', {
        params: { path: { task_gid: taskId }, query: { opt_fields: ['name', 'permalink_url', 'projects'] } },
      });
      if (result.response.status === 404) return null;
      const task = unwrap(result, `read of task ${taskId}`, clock).data;
      return {
        id: task?.gid ?? taskId,
        name: task?.name ?? '',
        url: task?.permalink_url ?? null,
        inProject: (task?.projects ?? []).some((p) => p.gid === projectGid),
      };
    },

    async writeFields(taskId: string, changes: FieldValues): Promise<void> {
      if (Object.keys(changes).length === 0) return;
      let attempt = await encode(changes, false);
      // A name that does not resolve may be a field created since the catalog was read.
      if (attempt.problems.length) attempt = await encode(changes, true);
      if (attempt.problems.length) throw new TrackerMappingError(attempt.problems);
      try {
        await put(taskId, attempt.customFields);
      } catch (err) {
        // A rejected write may mean a stale gid (field or option recreated): re-resolve once.
        if (classifyFailure(err).retryable) throw err;
        const again = await encode(changes, true);
        if (again.problems.length) throw new TrackerMappingError(again.problems);
        if (JSON.stringify(again.customFields) === JSON.stringify(attempt.customFields)) throw err;
        await put(taskId, again.customFields);
      }
    },

    async readFields(taskId: string, fieldNames: readonly string[]): Promise<FieldValues> {
      const result = await withRetry(
        async () =>
          unwrap(
            await api.GET('/tasks/{task_gid}', {
              params: { path: { task_gid: taskId }, query: { opt_fields: [...VALUE_FIELDS] } },
            }),
            `read of task ${taskId}`,
            clock,
          ),
        clock,
        policy,
      );
      const wanted = new Map(fieldNames.map((name) => [fieldKey(name), name]));
      const values: FieldValues = {};
      for (const field of (result.data?.custom_fields ?? []) as AsanaTaskCustomField[]) {
        const name = field.name ? wanted.get(fieldKey(field.name)) : undefined;
        const value = name ? decodeValue(field) : undefined;
        if (name && value !== undefined) values[name] = value;
      }
      return values;
    },

    async checkFields(expected: readonly ExpectedField[]): Promise<FieldProblem[]> {
      return checkCatalog(expected, await catalog(true));
    },
  };
}
