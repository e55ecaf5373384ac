import type { FieldMappings } from '../platform/config/schema';
import type { ExpectedField } from './types';
import { fieldEntries } from './field-entries';
import { FLOW_METRICS } from './flow-field-values';

/** The tracker fields (and enum options) the config will write, for checking against the tracker. */
export function expectedFields(fields: FieldMappings, requesterField?: string): ExpectedField[] {
  const out: ExpectedField[] = [];
  const { status } = fields;
  const statusOptions = [...Object.values(status.map), ...Object.values(status.byCategory)];
  if (status.onDeleted) statusOptions.push(status.onDeleted);
  out.push({ name: status.field, type: 'enum', options: unique(statusOptions), configPath: 'fields.status' });

  const entries = fieldEntries(fields);
  const push = (custom: boolean) => {
    for (const { entry, path } of entries.filter((e) => e.custom === custom)) {
      const options = ['enum', 'multi_enum'].includes(entry.type)
        ? unique([...Object.values(entry.map), ...(entry.default ? [entry.default] : [])])
        : [];
      out.push({ ...field(entry.field, entry.type, path), options });
    }
  };
  push(false);
  if (fields.jiraKey) out.push(field(fields.jiraKey.field, 'text', 'fields.jiraKey'));
  push(true);
  for (const [metric, entry] of Object.entries(fields.flow ?? {}))
    if (entry) out.push(field(entry.field, FLOW_METRICS[metric as keyof typeof FLOW_METRICS], `fields.flow.${metric}`));
  if (requesterField) out.push(field(requesterField, 'people', 'notifications.recipients.requesterField'));
  return out;
}

function field(name: string, type: ExpectedField['type'], configPath: string): ExpectedField {
  return { name, type, options: [], configPath };
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
