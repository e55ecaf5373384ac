import type { FieldMappings } from '../platform/config/schema';
import { customFieldValue } from './custom-fields';
import { lookup } from './lookup';
import { pickSprint } from './pick-sprint';
import type { FieldValue, FieldValues, IssueSnapshot, JiraPerson, MappingGap, PeopleLookup } from './types';

const NO_PEOPLE: PeopleLookup = new Map();

/**
 * The tracker values that tell the truth about `issue`, per the configured mappings. A value the
 * mapping cannot place (an unknown status without a category, a person with no tracker user) is
 * left out, so the field keeps what it holds; `mappingGaps` says why.
 */
export function desiredValues(
  issue: IssueSnapshot,
  fields: FieldMappings,
  people: PeopleLookup = NO_PEOPLE,
): FieldValues {
  const out: FieldValues = {};
  const status = statusOption(issue.status, fields.status);
  if (status !== null) out[fields.status.field] = { type: 'enum', option: status };

  if (fields.assignee) {
    const value = assigneeValue(issue.assignee, fields.assignee.type, people);
    if (value !== undefined) out[fields.assignee.field] = value;
  }
  if (fields.priority) out[fields.priority.field] = enumOrNull(issue.priority, fields.priority.map);
  if (fields.fixVersions) out[fields.fixVersions.field] = textOrNull(issue.fixVersions.join(', '));
  if (fields.sprint) out[fields.sprint.field] = textOrNull(pickSprint(issue.sprints)?.name ?? '');
  if (fields.dueDate) out[fields.dueDate.field] = issue.dueDate ? { type: 'date', date: issue.dueDate } : null;
  if (fields.storyPoints) {
    out[fields.storyPoints.field] = issue.storyPoints === null ? null : { type: 'number', value: issue.storyPoints };
  }
  if (fields.resolution) {
    const { type, map } = fields.resolution;
    out[fields.resolution.field] =
      type === 'enum' ? enumOrNull(issue.resolution, map) : textOrNull(issue.resolution ?? '');
  }
  if (fields.jiraKey) out[fields.jiraKey.field] = { type: 'text', text: formatKey(issue, fields.jiraKey.format) };
  for (const entry of fields.custom) {
    const { value } = customFieldValue(entry, issue.custom[entry.jira], people);
    if (value !== undefined) out[entry.field] = value;
  }
  return out;
}

/** Pure: the Jira people whose tracker users the mapping needs for `issue` (people fields only). */
export function peopleToResolve(issue: IssueSnapshot, fields: FieldMappings): JiraPerson[] {
  const people = fields.assignee?.type === 'people' && issue.assignee ? [issue.assignee] : [];
  for (const entry of fields.custom)
    if (entry.type === 'people') people.push(...(issue.custom[entry.jira]?.people ?? []));
  return people;
}

/** Pure: what `desiredValues` had to leave out of `issue`, and why. */
export function mappingGaps(
  issue: IssueSnapshot,
  fields: FieldMappings,
  people: PeopleLookup = NO_PEOPLE,
): MappingGap[] {
  const gaps: MappingGap[] = [];
  if (statusOption(issue.status, fields.status) === null) {
    const detail = issue.status.name
      ? `Jira status "${issue.status.name}" is not in fields.status.map and came without a status category`
      : 'Jira sent no status for the issue';
    gaps.push({ kind: 'unknown-status', subject: issue.status.name ?? '(none)', detail, field: fields.status.field });
  }
  const assignee = issue.assignee;
  if (fields.assignee?.type === 'people' && assignee && assigneeValue(assignee, 'people', people) === undefined) {
    const found = assignee.accountId ? people.get(assignee.accountId) : undefined;
    const reason = found && 'unmapped' in found ? found.unmapped : 'Jira sent no account id for them';
    gaps.push({
      kind: 'unmapped-user',
      subject: assignee.accountId ?? assignee.displayName,
      detail: `${assignee.displayName}: ${reason}`,
      field: fields.assignee.field,
    });
  }
  for (const entry of fields.custom) gaps.push(...customFieldValue(entry, issue.custom[entry.jira], people).gaps);
  return gaps;
}

/** Values written once the Jira issue is deleted: only the configured status, if any. */
export function deletedValues(fields: FieldMappings): FieldValues {
  const option = fields.status.onDeleted;
  return option ? { [fields.status.field]: { type: 'enum', option } } : {};
}

/**
 * The tracker option for a Jira status: its entry in `map` (names compared as people type them:
 * any case, surrounding spaces ignored), else its category's; null when neither is known.
 */
export function statusOption(status: IssueSnapshot['status'], mapping: FieldMappings['status']): string | null {
  const listed = status.name ? lookup(mapping.map, status.name) : undefined;
  if (listed) return listed;
  // A new or renamed Jira status still lands somewhere sensible: its category.
  return status.category ? mapping.byCategory[status.category] : null;
}

/** `undefined`: the person cannot be placed, leave the field. */
function assigneeValue(
  assignee: IssueSnapshot['assignee'],
  type: 'text' | 'people',
  people: PeopleLookup,
): FieldValue | undefined {
  if (!assignee) return null;
  if (type === 'text') return { type: 'text', text: assignee.displayName };
  const user = assignee.accountId ? people.get(assignee.accountId) : undefined;
  return user && !('unmapped' in user) ? { type: 'people', users: [user] } : undefined;
}

function enumOrNull(value: string | null, map: Record<string, string>): FieldValue {
  return value ? { type: 'enum', option: lookup(map, value) ?? value } : null;
}

function textOrNull(text: string): FieldValue {
  return text ? { type: 'text', text } : null;
}

function formatKey(issue: IssueSnapshot, format: 'key' | 'url' | 'key-and-url'): string {
  if (format === 'key') return issue.key;
  if (format === 'url') return issue.browseUrl;
  return `${issue.key} ${issue.browseUrl}`;
}
