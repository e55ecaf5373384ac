/**
 * Tracker-neutral values the engine computes. Adapters translate them to a tracker's
 * wire format (option names to ids, e-mails to user ids), so the engine never sees gids.
 */
export type FieldValue =
  | { type: 'text'; text: string }
  | { type: 'enum'; option: string }
  | { type: 'number'; value: number }
  | { type: 'date'; date: string }
  | { type: 'people'; emails: string[] }
  | null;

/** Values keyed by tracker field name; `null` clears the field. */
export type FieldValues = Record<string, FieldValue>;

export type FieldType = Exclude<FieldValue, null>['type'];

export interface Sprint {
  name: string;
  state: string;
  startDate: string | null;
  endDate: string | null;
}

export type StatusCategory = 'new' | 'indeterminate' | 'done';

/** The state of one Jira issue that the mapping reads, normalised from the Jira API. */
export interface IssueSnapshot {
  id: string;
  key: string;
  projectKey: string;
  issueType: string;
  /** Jira's `updated` time in epoch ms: the order of issue states. */
  updatedAt: number;
  browseUrl: string;
  status: { name: string; category: StatusCategory | null };
  assignee: { displayName: string; email: string | null } | null;
  priority: string | null;
  fixVersions: string[];
  sprints: Sprint[];
  dueDate: string | null;
  storyPoints: number | null;
  resolution: string | null;
  /** What the issue's reference field says about its tracker task (a URL or an id), if configured. */
  trackerReference: string | null;
}

/** A tracker field the config expects, with the enum options it may write. */
export interface ExpectedField {
  name: string;
  type: FieldType;
  options: string[];
  /** Which config path asked for it, for error messages. */
  configPath: string;
}
