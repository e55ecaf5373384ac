import type { FieldMappings } from '../config/schema';
import { pickSprint } from './pick-sprint';
import type { FieldValue, FieldValues, IssueSnapshot } from './types';

/** The tracker values that tell the truth about `issue`, per the configured mappings. */
export function desiredValues(issue: IssueSnapshot, fields: FieldMappings): FieldValues {
  const out: FieldValues = {};
  out[fields.status.field] = { type: 'enum', option: statusOption(issue.status, fields.status) };

  if (fields.assignee) out[fields.assignee.field] = assigneeValue(issue.assignee, fields.assignee.type);
  if (fields.priority) out[fields.priority.field] = enumOrNull(issue.priority, fields.priority.map);
  if (fields.fixVersions) out[fields.fixVersions.field] = textOrNull(issue.fixVersions.join(', '));
  if (fields.sprint) out[fields.sprint.field] = textOrNull(pickSprint(issue.sprints)?.name ?? '');
  if (fields.dueDate) out[fields.dueDate.field] = issue.dueDate ? { type: 'date', date: issue.dueDate } : null;
  if (fields.storyPoints) {
    out[fields.storyPoints.field] = issue.storyPoints === null ? null : { type: 'number', value: issue.storyPoints };
  }
  if (fields.resolution) {
    const { type, map } = fields.resolution;
    out[fields.resolution.field] = type === 'enum' ? enumOrNull(issue.resolution, map) : textOrNull(issue.resolution ?? '');
  }
  if (fields.jiraKey) out[fields.jiraKey.field] = { type: 'text', text: formatKey(issue, fields.jiraKey.format) };
  return out;
}

/** Values written once the Jira issue is deleted: only the configured status, if any. */
export function deletedValues(fields: FieldMappings): FieldValues {
  const option = fields.status.onDeleted;
  return option ? { [fields.status.field]: { type: 'enum', option } } : {};
}

export function statusOption(status: IssueSnapshot['status'], mapping: FieldMappings['status']): string {
  const listed = mapping.map[status.name];
  if (listed) return listed;
  // A new or renamed Jira status still lands somewhere sensible: its category.
  return mapping.byCategory[status.category ?? 'indeterminate'];
}

function assigneeValue(assignee: IssueSnapshot['assignee'], type: 'text' | 'people'): FieldValue {
  if (!assignee) return null;
  if (type === 'people') return assignee.email ? { type: 'people', emails: [assignee.email] } : null;
  return { type: 'text', text: assignee.displayName };
}

function enumOrNull(value: string | null, map: Record<string, string>): FieldValue {
  return value ? { type: 'enum', option: map[value] ?? value } : null;
}

function textOrNull(text: string): FieldValue {
  return text ? { type: 'text', text } : null;
}

function formatKey(issue: IssueSnapshot, format: 'key' | 'url' | 'key-and-url'): string {
  if (format === 'key') return issue.key;
  if (format === 'url') return issue.browseUrl;
  return `${issue.key} ${issue.browseUrl}`;
}
