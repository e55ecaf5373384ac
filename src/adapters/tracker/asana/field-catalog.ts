import type { Clock } from '../../../platform/clock/clock';
import { withRetry, type RetryPolicy } from '../../../platform/retry/with-retry';
import { asanaItems, unwrap, type AsanaApi } from './asana-client';

export interface AsanaEnumOption {
  gid: string;
  name: string;
  enabled: boolean;
}

export interface AsanaField {
  gid: string;
  name: string;
  /** `text`, `number`, `enum`, `multi_enum`, `date`, `people`, ... */
  subtype: string;
  precision: number | null;
  options: AsanaEnumOption[];
}

/** The project's custom fields, by name as shown in Asana (matched case-insensitively). */
export interface AsanaFieldCatalog {
  fields: AsanaField[];
  byName: Map<string, AsanaField[]>;
}

export function fieldKey(name: string): string {
  return name.trim().toLowerCase();
}

const OPT_FIELDS = [
  'custom_field.name',
  'custom_field.resource_subtype',
  'custom_field.precision',
  'custom_field.enum_options.name',
  'custom_field.enum_options.enabled',
] as const;

/** Reads every custom field setting of the project, following pagination. */
export async function loadFieldCatalog(
  api: AsanaApi,
  projectGid: string,
  clock: Clock,
  policy?: RetryPolicy,
): Promise<AsanaFieldCatalog> {
  const fields: AsanaField[] = [];
  const settings = asanaItems((offset) =>
    withRetry(
      async () =>
        unwrap(
          await api.GET('/projects/{project_gid}/custom_field_settings', {
            params: {
              path: { project_gid: projectGid },
              query: { opt_fields: [...OPT_FIELDS], limit: 100, ...(offset && { offset }) },
            },
          }),
          'custom field settings read',
          clock,
        ),
      clock,
      policy,
    ),
  );
  for await (const setting of settings) {
    const field = setting.custom_field && toAsanaField(setting.custom_field);
    if (field) fields.push(field);
  }
  return indexFields(fields);
}

/** A custom field as the API returns it (with the opt_fields asked for), or null without a gid or a name. */
export function toAsanaField(field: {
  gid?: string;
  name?: string | null;
  resource_subtype?: string;
  precision?: number | null;
  enum_options?: Array<{ gid?: string; name?: string; enabled?: boolean }>;
}): AsanaField | null {
  if (!field.gid || !field.name) return null;
  return {
    gid: field.gid,
    name: field.name,
    subtype: field.resource_subtype ?? 'unknown',
    precision: typeof field.precision === 'number' ? field.precision : null,
    options: (field.enum_options ?? []).flatMap((o) =>
      o.gid && o.name ? [{ gid: o.gid, name: o.name, enabled: o.enabled !== false }] : [],
    ),
  };
}

export function indexFields(fields: AsanaField[]): AsanaFieldCatalog {
  const byName = new Map<string, AsanaField[]>();
  for (const field of fields) byName.set(fieldKey(field.name), [...(byName.get(fieldKey(field.name)) ?? []), field]);
  return { fields, byName };
}

/** The option to write for `name`: an enabled one if there is one (Asana only disables options). */
export function findOption(field: AsanaField, name: string): AsanaEnumOption | undefined {
  const matches = field.options.filter((o) => fieldKey(o.name) === fieldKey(name));
  return matches.find((o) => o.enabled) ?? matches[0];
}
