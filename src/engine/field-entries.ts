import type { CustomFieldMapping, FieldMappings } from '../platform/config/schema';
import { pickSprint } from './pick-sprint';
import type { IssueSnapshot, JiraFieldValue } from './types';

/**
 * One mapped field as the engine handles it: an entry (tracker field, type, map, unmapped rule)
 * and how its Jira value is read. The built-in fields and `fields.custom` are all entries; only
 * status (with its categories) and the Jira key are handled apart.
 */
export interface FieldEntry {
  entry: CustomFieldMapping;
  /** The entry's place in the config, for `check` and previews. */
  path: string;
  /** A `fields.custom` entry (else a built-in field). */
  custom: boolean;
  /** The Jira value; `undefined` when the Jira field is unknown to the site (the field is left). */
  read(issue: IssueSnapshot): JiraFieldValue | undefined;
}

const texts = (...values: Array<string | null | undefined>): JiraFieldValue => ({
  texts: values.filter((v): v is string => !!v),
  number: null,
  people: [],
});

/** Pure: every entry of the mapping, built-ins first (in the config's order), then `custom`. */
export function fieldEntries(fields: FieldMappings): FieldEntry[] {
  const out: FieldEntry[] = [];
  const builtIn = (
    key: keyof FieldMappings,
    jira: string,
    read: FieldEntry['read'],
    config: Omit<CustomFieldMapping, 'jira'> | undefined,
  ) => {
    if (config) out.push({ entry: { jira, ...config }, path: `fields.${key}`, custom: false, read });
  };
  builtIn(
    'assignee',
    'assignee',
    ({ assignee }) => ({ ...texts(assignee?.displayName), people: assignee ? [assignee] : [] }),
    fields.assignee,
  );
  builtIn('priority', 'priority', (issue) => texts(issue.priority), fields.priority);
  builtIn('fixVersions', 'fix versions', (issue) => texts(...issue.fixVersions), fields.fixVersions);
  builtIn('sprint', 'sprint', (issue) => texts(pickSprint(issue.sprints)?.name), fields.sprint);
  builtIn('dueDate', 'due date', (issue) => texts(issue.dueDate), fields.dueDate);
  if (fields.storyPoints) {
    const { jiraFieldNames: _names, ...config } = fields.storyPoints;
    builtIn(
      'storyPoints',
      'story points',
      ({ storyPoints }) => ({
        ...texts(storyPoints === null ? null : String(storyPoints)),
        number: storyPoints,
      }),
      config,
    );
  }
  builtIn('resolution', 'resolution', (issue) => texts(issue.resolution), fields.resolution);
  fields.custom.forEach((entry, i) =>
    out.push({
      entry,
      path: `fields.custom[${i}] (${entry.jira})`,
      custom: true,
      read: (issue) => issue.custom[entry.jira],
    }),
  );
  return out;
}
