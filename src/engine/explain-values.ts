import type { FieldMappings } from '../platform/config/schema';
import { desiredValues, mappingGaps } from './desired-values';
import { lookup } from './lookup';
import type { FieldValue, IssueSnapshot, PeopleLookup } from './types';

/** One tracker field of a preview: what the mapping writes (`undefined`: leaves it), and which rule said so. */
export interface ExplainedField {
  field: string;
  value: FieldValue | undefined;
  rule: string;
}

const quote = (text: string | null | undefined) => (text ? `"${text}"` : 'none');

/**
 * Pure: every tracker field the config maps, in config order, with the value `desiredValues`
 * gives it for `issue` and the rule that produced it (or why the field is left as it is).
 */
export function explainValues(issue: IssueSnapshot, fields: FieldMappings, people?: PeopleLookup): ExplainedField[] {
  const desired = desiredValues(issue, fields, people);
  const gaps = mappingGaps(issue, fields, people);
  const rules: Array<[string, string]> = [];
  const { status } = fields;
  const listed = issue.status.name ? lookup(status.map, issue.status.name) : undefined;
  rules.push([
    status.field,
    listed
      ? `fields.status.map: Jira status ${quote(issue.status.name)}`
      : `fields.status.byCategory.${issue.status.category ?? '?'}: Jira status ${quote(issue.status.name)} is not in the map`,
  ]);
  if (fields.assignee)
    rules.push([
      fields.assignee.field,
      `fields.assignee (${fields.assignee.type}): ${quote(issue.assignee?.displayName)}`,
    ]);
  if (fields.priority) {
    const how = issue.priority && lookup(fields.priority.map, issue.priority) ? 'through the map' : 'same name';
    rules.push([fields.priority.field, `fields.priority: Jira priority ${quote(issue.priority)} (${how})`]);
  }
  if (fields.fixVersions) rules.push([fields.fixVersions.field, 'fields.fixVersions: Jira fix versions']);
  if (fields.sprint)
    rules.push([fields.sprint.field, 'fields.sprint: the active sprint, else the next, else the latest']);
  if (fields.dueDate) rules.push([fields.dueDate.field, 'fields.dueDate: Jira due date']);
  if (fields.storyPoints)
    rules.push([fields.storyPoints.field, 'fields.storyPoints: the first story points field holding a value']);
  if (fields.resolution)
    rules.push([fields.resolution.field, `fields.resolution (${fields.resolution.type}): ${quote(issue.resolution)}`]);
  if (fields.jiraKey) rules.push([fields.jiraKey.field, `fields.jiraKey (${fields.jiraKey.format})`]);
  fields.custom.forEach((entry, i) => {
    const texts = issue.custom[entry.jira]?.texts ?? [];
    rules.push([
      entry.field,
      `fields.custom[${i}]: Jira ${entry.jira} ${texts.length ? texts.map((t) => `"${t}"`).join(', ') : 'empty'} as ${entry.type}`,
    ]);
  });
  return rules.map(([field, rule]) => {
    if (field in desired) return { field, value: desired[field], rule };
    const why = gaps.filter((g) => g.field === field).map((g) => g.detail);
    return { field, value: undefined, rule: `${rule}; left as it is${why.length ? `: ${why.join('; ')}` : ''}` };
  });
}
