import type { FieldMappings } from '../platform/config/schema';
import type { ExpectedField } from './types';

/** The tracker fields (and enum options) the config will write, for checking against the tracker. */
export function expectedFields(fields: FieldMappings, requesterField?: string): ExpectedField[] {
  const out: ExpectedField[] = [];
  const { status } = fields;
  const statusOptions = [...Object.values(status.map), ...Object.values(status.byCategory)];
  if (status.onDeleted) statusOptions.push(status.onDeleted);
  out.push({ name: status.field, type: 'enum', options: unique(statusOptions), configPath: 'fields.status' });

  if (fields.assignee) out.push(field(fields.assignee.field, fields.assignee.type, 'fields.assignee'));
  if (fields.priority) {
    out.push({
      ...field(fields.priority.field, 'enum', 'fields.priority'),
      options: unique(Object.values(fields.priority.map)),
    });
  }
  if (fields.fixVersions) out.push(field(fields.fixVersions.field, 'text', 'fields.fixVersions'));
  if (fields.sprint) out.push(field(fields.sprint.field, 'text', 'fields.sprint'));
  if (fields.dueDate) out.push(field(fields.dueDate.field, 'date', 'fields.dueDate'));
  if (fields.storyPoints) out.push(field(fields.storyPoints.field, 'number', 'fields.storyPoints'));
  if (fields.resolution) {
    const { type, map } = fields.resolution;
    out.push({
      ...field(fields.resolution.field, type, 'fields.resolution'),
      options: type === 'enum' ? unique(Object.values(map)) : [],
    });
  }
  if (fields.jiraKey) out.push(field(fields.jiraKey.field, 'text', 'fields.jiraKey'));
  fields.custom.forEach((entry, i) => {
    const options = ['enum', 'multi_enum'].includes(entry.type)
      ? unique([...Object.values(entry.map), ...(entry.default ? [entry.default] : [])])
      : [];
    out.push({ ...field(entry.field, entry.type, `fields.custom[${i}] (${entry.jira})`), options });
  });
  if (requesterField) out.push(field(requesterField, 'people', 'notifications.recipients.requesterField'));
  return out;
}

function field(name: string, type: ExpectedField['type'], configPath: string): ExpectedField {
  return { name, type, options: [], configPath };
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
