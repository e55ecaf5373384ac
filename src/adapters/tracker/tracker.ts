import type { NoticeMessage } from '../../engine/notices/compose-notice';
import type { ExpectedField, FieldValues, TrackerUser } from '../../engine/types';

/**
 * The one boundary between the bridge and a tracker (Asana today). The engine speaks in field
 * names and option names; an adapter owns ids, wire formats and the tracker's quirks.
 */
export interface Tracker {
  readonly kind: string;
  /** A task, or null when it does not exist or cannot be seen with the bridge's token. */
  getTask(taskId: string): Promise<TrackerTask | null>;
  /** Writes `changes` to the task in one request; fields not named are left alone. */
  writeFields(taskId: string, changes: FieldValues): Promise<void>;
  /** The task's current values of the named fields (after an ambiguous write). */
  readFields(taskId: string, fieldNames: readonly string[]): Promise<FieldValues>;
  /** Problems that would stop `expected` from being written, e.g. a field or option that is missing. */
  checkFields(expected: readonly ExpectedField[]): Promise<string[]>;

  /** Who hears about a task: its followers, the people in `requesterField`, and the bridge's own user id. */
  noticeAudience(taskId: string, requesterField?: string): Promise<NoticeAudience>;
  /** Posts a notice as a comment that mentions its people; returns the comment id. Not retried blindly. */
  postComment(taskId: string, message: NoticeMessage): Promise<string>;
  /**
   * A comment by the bridge on the task since `since` containing `marker`, other than those in
   * `exclude` (credited to earlier notices): proof an earlier post of this notice landed.
   */
  findOwnComment(taskId: string, since: number, marker: string, exclude: readonly string[]): Promise<string | null>;
  addFollowers(taskId: string, userIds: readonly string[]): Promise<void>;
  /** The tracker user the bridge acts as (its own changes are not news). */
  selfId(): Promise<string>;
  /** The tracker user with this e-mail address, to fill the user map; null when there is none. */
  findUserByEmail(email: string): Promise<TrackerUser | null>;
  /** A person's e-mail, to find them in Jira; null when hidden or unknown. */
  emailOf(userId: string): Promise<string | null>;
  /**
   * Creates (once) the webhook on `projectId` that tells `target` about tasks added, removed,
   * deleted or changed; `replace` deletes an existing one first. `beforeCreate` runs right before
   * the create request (which carries the handshake), and only if one is sent.
   */
  registerWebhook(projectId: string, target: string, options: WebhookRegistrationOptions): Promise<{ status: 'created' | 'exists' | 'replaced'; id: string }>;
  /** The task a URL (in a Jira remote link) points at, if it is one of this tracker's. */
  taskIdFromUrl(url: string): string | null;
}

export interface WebhookRegistrationOptions {
  replace: boolean;
  beforeCreate: () => Promise<void>;
}

export interface NoticeAudience {
  taskName: string;
  followers: string[];
  requesters: string[];
  selfId: string;
}

export interface TrackerTask {
  id: string;
  name: string;
  url: string | null;
  /** Whether the task belongs to the configured tracker project (and so has its fields). */
  inProject: boolean;
}
