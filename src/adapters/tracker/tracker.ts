import type { z } from 'zod';
import type { NoticeMessage } from '../../engine/notices/compose-notice';
import type { ExpectedField, FieldValues, TrackerUser } from '../../engine/types';

/**
 * The one boundary between the bridge and a tracker. Everything tracker-specific
 * sits behind it: webhook intake, setup, task fields, comments and people. Outside an adapter,
 * ids are opaque strings and events come in the normalised vocabulary below.
 */
export interface TrackerAdapter {
  /** Names the adapter in URLs (`/webhooks/<kind>/…`), stored rows and logs. */
  readonly kind: string;
  /** The tracker's name as people know it, for messages. */
  readonly name: string;
  /** The tracker project the config names, whose tasks are the feature requests. */
  readonly projectId: string;
  /** How ids typed by an admin must look (each schema's message says so). */
  readonly ids: { task: z.ZodType<string>; user: z.ZodType<string>; project: z.ZodType<string> };
  readonly intake: TrackerIntake;
  readonly setup: TrackerSetup;
  readonly tasks: TrackerTasks;
  readonly conversation: TrackerConversation;
  readonly people: TrackerPeople;
  readonly statusUpdates: TrackerStatusUpdates;
  readonly board: TrackerBoard;
}

/** The configured project as a board of sections (columns). */
export interface TrackerBoard {
  /** The names of the project's sections, in board order. */
  listSections(): Promise<string[]>;
  /**
   * Puts the task in the section named `section` (any case), creating the section when `create`
   * allows; a task already there is left where it is in the column.
   */
  placeTask(
    taskId: string,
    section: string,
    options: { create: boolean },
  ): Promise<'moved' | 'already-there' | 'no-section'>;
}

/** The status update: posted on the tracker project. */
export interface StatusUpdatePost {
  /** Unique to the mapping and period: the update is found by it after an interrupted post. */
  title: string;
  text: string;
  statusType: 'on_track' | 'at_risk' | 'off_track';
}

/** Status updates on the configured project (a project's periodic report, as the tracker shows it). */
export interface TrackerStatusUpdates {
  /** Posts a status update on the project; returns its id. Not retried blindly. */
  post(update: StatusUpdatePost): Promise<string>;
  /** The bridge's own update titled `title` on the project since `since`: proof an earlier post landed. */
  findOwn(title: string, since: number): Promise<string | null>;
}

/** A tracker's webhook deliveries, turned into events; no storage and no HTTP here. */
export interface TrackerIntake {
  /** The route pattern of the `:resource` path segment (Hono syntax, e.g. `[0-9]+`). */
  readonly resourcePattern: string;
  /** The secret a handshake request offers, or undefined when the request is not a handshake. */
  handshakeSecret(header: (name: string) => string | undefined): string | undefined;
  /** A problem with an offered handshake secret (its format), or null. */
  handshakeProblem(secret: string): string | null;
  /** The headers that accept a handshake. */
  handshakeReply(secret: string): Record<string, string>;
  /** The header a delivery's signature travels in (named in the 401 when it is missing or wrong). */
  readonly signatureHeader: string;
  /** Checks a delivery's signature against the webhook's secret, in constant time. */
  verify(secret: string, rawBody: string, header: (name: string) => string | undefined): Promise<boolean>;
  /**
   * A verified delivery (throws a ValidationError naming what is wrong): `received` counts all
   * its events, and `events()` gives the ones about tasks, so a delivery over the cap costs no more.
   */
  parse(rawBody: string): { received: number; events(): Promise<TrackerEvent[]> };
}

/** A change in the tracker, in the bridge's vocabulary. */
export interface TrackerEvent {
  /** Stable across redeliveries of the same event. */
  key: string;
  taskId: string;
  action: 'added' | 'removed' | 'deleted' | 'undeleted' | 'changed';
  /** The changed field, when the tracker says. */
  field: string | null;
  userId: string | null;
  /** Set when the event is about a comment on the task (added, changed, removed), not the task. */
  commentId?: string | undefined;
}

export interface TrackerSetup {
  /**
   * Creates (once) the webhook on the configured project that tells `target` about tasks added,
   * removed, deleted or changed; `replace` deletes an existing one first. `beforeCreate` runs
   * right before the create request (which carries the handshake), and only if one is sent.
   */
  registerWebhook(
    target: string,
    options: WebhookRegistrationOptions,
  ): Promise<{ status: 'created' | 'exists' | 'replaced'; id: string }>;
  /** The workspaces the credentials can see, with their projects: where the config's project id comes from. */
  listProjects(): Promise<TrackerWorkspace[]>;
  /** The configured project's fields, with their types and options, as the config names them. */
  listFields(): Promise<TrackerFieldInfo[]>;
  /**
   * Adds to the configured project what `expected` needs and it lacks: fields (from the
   * workspace's library, or created) and enum options; with `dryRun`, only says what it would
   * do. A rerun after a complete run does nothing.
   */
  prepareFields(expected: readonly ExpectedField[], options: { dryRun: boolean }): Promise<FieldSetupReport>;
}

export interface FieldProblem {
  message: string;
  /** A field or option the project lacks: `prepareFields` adds it. Otherwise the config or the project must change. */
  setupAdds: boolean;
}

export interface FieldSetupStep {
  action: 'create-field' | 'add-field' | 'add-options';
  field: string;
  type: ExpectedField['type'];
  /** The options created with the field, or added to it. */
  options: string[];
}

export interface FieldSetupReport {
  steps: FieldSetupStep[];
  /** What setup cannot fix: a field of another type, several fields of one name. */
  problems: string[];
}

export interface TrackerWorkspace {
  id: string;
  name: string;
  projects: Array<{ id: string; name: string }>;
}

export interface TrackerFieldInfo {
  name: string;
  /** The tracker's own type name (`enum`, `multi_enum`, `text`, `number`, `date`, `people`, ...). */
  type: string;
  /** Enabled options of an enum field. */
  options: string[];
}

export interface WebhookRegistrationOptions {
  replace: boolean;
  beforeCreate: () => Promise<void>;
}

/** Tasks and their fields. The engine speaks in field names and option names; the adapter owns ids and wire formats. */
export interface TrackerTasks {
  /** A task, or null when it does not exist or cannot be seen with the bridge's credentials. */
  getTask(taskId: string): Promise<TrackerTask | null>;
  /** Writes `changes` to the task in one request; fields not named are left alone. */
  writeFields(taskId: string, changes: FieldValues): Promise<void>;
  /** The task's current values of the named fields (after an ambiguous write). */
  readFields(taskId: string, fieldNames: readonly string[]): Promise<FieldValues>;
  /** Problems that would stop `expected` from being written, e.g. a field or option that is missing. */
  checkFields(expected: readonly ExpectedField[]): Promise<FieldProblem[]>;
  /** The task a URL (in a Jira remote link) points at, if it is one of this tracker's. */
  taskIdFromUrl(url: string): string | null;
  /** A link to the task, as people open it (no request made). */
  taskUrl(taskId: string): string;
}

/** Comments on tasks, and who hears of them. */
export interface TrackerConversation {
  /** Who hears about a task: its followers, the people in `requesterField`, and the bridge's own user id. */
  noticeAudience(taskId: string, requesterField?: string): Promise<NoticeAudience>;
  /** Posts a notice as a comment that mentions its people; returns the comment id. Not retried blindly. */
  postComment(taskId: string, message: NoticeMessage): Promise<string>;
  /** Posts a stakeholder's digest (mentioning them) as a comment; returns its id. Not retried blindly. */
  postDigest(taskId: string, digest: TrackerDigest): Promise<string>;
  /** Posts a short note with a link (e.g. "Committed as ABC-1"); returns the comment id. */
  postNote(taskId: string, note: TrackerNote): Promise<string>;
  /**
   * A comment by the bridge on the task since `since` containing `marker`, other than those in
   * `exclude` (credited to earlier notices): proof an earlier post of this notice landed.
   */
  findOwnComment(taskId: string, since: number, marker: string, exclude: readonly string[]): Promise<string | null>;
  addFollowers(taskId: string, userIds: readonly string[]): Promise<void>;
  /** A person's comment, read fresh; null when it is gone or is not a comment. */
  readComment(commentId: string): Promise<TrackerComment | null>;
  /** Posts a comment relayed from Jira; returns its id. Not retried blindly. */
  postRelayed(taskId: string, comment: RelayedComment): Promise<string>;
  /** Sets a relayed comment to its source's new text (idempotent). */
  updateRelayed(commentId: string, comment: RelayedComment): Promise<void>;
  /** Deletes a relayed comment (one already gone is fine). */
  deleteComment(commentId: string): Promise<void>;
}

/** A comment on a task, as the relay needs it. */
export interface TrackerComment {
  id: string;
  taskId: string;
  authorId: string | null;
  authorName: string;
  text: string;
  /** The users it mentions. */
  mentions: string[];
}

/** A comment relayed from Jira: who said it, what, and the link to it. */
export interface RelayedComment {
  author: string;
  text: string;
  link: { text: string; url: string };
  /** Text only this copy carries, to find it after an interrupted post. */
  marker: string;
  /** Tracker users to mention (those its author mentioned in Jira, through the user map). */
  mentions?: string[];
}

/** The tracker's users, as the user map needs them. */
export interface TrackerPeople {
  /** The tracker user the bridge acts as (its own changes are not news). */
  selfId(): Promise<string>;
  /** The tracker user with this e-mail address, to fill the user map; null when there is none. */
  findUserByEmail(email: string): Promise<TrackerUser | null>;
  /** A person's e-mail, to find them in Jira; null when hidden or unknown. */
  emailOf(userId: string): Promise<string | null>;
}

/** A stakeholder's digest: a headline and one line per request, each with its link. */
export interface TrackerDigest {
  /** The tracker user it is for (mentioned, so they are told). */
  mention: string;
  headline: string;
  items: Array<{ text: string; link: { text: string; url: string } }>;
  /** Text only this digest carries, to find it after an interrupted post. */
  marker: string;
}

export interface TrackerNote {
  text: string;
  link: { text: string; url: string };
  /** Text only this note carries, so it can be recognised later. */
  marker: string;
}

export interface NoticeAudience {
  taskName: string;
  followers: string[];
  requesters: string[];
  /** The requesters' names, in the same order (what the dashboard filters by). */
  requesterNames: string[];
  selfId: string;
}

export interface TrackerTask {
  id: string;
  name: string;
  url: string | null;
  /** Whether the task belongs to the configured tracker project (and so has its fields). */
  inProject: boolean;
}
