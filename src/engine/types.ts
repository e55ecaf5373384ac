/**
 * Tracker-neutral values the engine computes. Adapters translate them to a tracker's
 * wire format (option names to ids, e-mails to user ids), so the engine never sees gids.
 */
export type FieldValue =
  | { type: 'text'; text: string }
  | { type: 'enum'; option: string }
  /** Several options of one field, in the order Jira lists them, each once. */
  | { type: 'multi_enum'; options: string[] }
  | { type: 'number'; value: number }
  | { type: 'date'; date: string }
  | { type: 'people'; users: TrackerUser[] }
  | null;

/** A person in the tracker: the id the tracker knows them by, and a name to show. */
export interface TrackerUser {
  id: string;
  name: string;
}

/**
 * Jira people as the tracker knows them, by Jira identity (account id): found in the user map or
 * by a visible e-mail, or not (and why), which leaves a people field unchanged.
 */
export type PeopleLookup = ReadonlyMap<string, TrackerUser | { unmapped: string }>;

/** A value the mapping could not place: the field is left as it is, and the admin is told. */
export interface MappingGap {
  kind: 'unmapped-user' | 'unknown-status' | 'unmapped-value';
  /** The Jira account id, the status name as Jira sent it, or a value no entry maps. */
  subject: string;
  detail: string;
  /** The tracker field left unchanged. */
  field: string;
}

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

/** A Jira person: Jira Cloud's account id (Jira Server: the user key or name); e-mails are often hidden. */
export interface JiraPerson {
  accountId: string | null;
  displayName: string;
  email: string | null;
}

/**
 * Any Jira field's value, as the mapping reads it whatever its Jira type: what Jira shows, one
 * entry per value (a label, an option, a component, a version, a person, the parent's key), its
 * number if it is one, and the people in it.
 */
export interface JiraFieldValue {
  texts: string[];
  number: number | null;
  people: JiraPerson[];
}

/** The state of one Jira issue that the mapping reads, normalised from the Jira API. */
export interface IssueSnapshot {
  id: string;
  key: string;
  projectKey: string;
  issueType: string;
  /** Jira's `updated` time in epoch ms: the order of issue states. */
  updatedAt: number;
  browseUrl: string;
  /** `name` is null when Jira sent no status; `category` when it sent none or an unknown one. */
  status: { name: string | null; category: StatusCategory | null };
  assignee: JiraPerson | null;
  priority: string | null;
  fixVersions: string[];
  sprints: Sprint[];
  dueDate: string | null;
  /** From the first of the story points fields that holds a value on this issue. */
  storyPoints: number | null;
  resolution: string | null;
  /** What the issue's reference field says about its tracker task (a URL or an id), if configured. */
  trackerReference: string | null;
  /** The Jira fields that `fields.custom` entries read, by the entry's `jira` (as configured). */
  custom: Record<string, JiraFieldValue>;
  /** The issue's labels (the comment relay's `labels` rule reads them). */
  labels?: string[];
}

/** A tracker field the config expects, with the enum options it may write. */
export interface ExpectedField {
  name: string;
  type: FieldType;
  options: string[];
  /** Which config path asked for it, for error messages. */
  configPath: string;
}
