import type { FieldMappings } from '../platform/config/schema';
import { customFieldValue } from './custom-fields';
import { lookup } from './lookup';
import { fieldEntries } from './field-entries';
import type { FieldValues, IssueSnapshot, JiraPerson, MappingGap, PeopleLookup } from './types';

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

  // Every other field is an entry, built-in or custom, mapped by the same rules (in config order).
  const entries = fieldEntries(fields);
  const write = (custom: boolean) => {
    for (const { entry, read } of entries.filter((e) => e.custom === custom)) {
      const { value } = customFieldValue(entry, read(issue), people);
      if (value !== undefined) out[entry.field] = value;
    }
  };
  write(false);
  if (fields.jiraKey) out[fields.jiraKey.field] = { type: 'text', text: formatKey(issue, fields.jiraKey.format) };
  write(true);
  return out;
}

/** Pure: the Jira people whose tracker users the mapping needs for `issue` (people fields only). */
export function peopleToResolve(issue: IssueSnapshot, fields: FieldMappings): JiraPerson[] {
  return fieldEntries(fields)
    .filter(({ entry }) => entry.type === 'people')
    .flatMap(({ read }) => read(issue)?.people ?? []);
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
  for (const { entry, read } of fieldEntries(fields)) gaps.push(...customFieldValue(entry, read(issue), people).gaps);
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

function formatKey(issue: IssueSnapshot, format: 'key' | 'url' | 'key-and-url'): string {
  if (format === 'key') return issue.key;
  if (format === 'url') return issue.browseUrl;
  return `${issue.key} ${issue.browseUrl}`;
}
