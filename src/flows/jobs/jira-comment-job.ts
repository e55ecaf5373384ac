import type { NewJob } from '../../adapters/storage/jobs-repo';
import type { JobRow } from '../../adapters/storage/schema';

/** The kind of job that relays one Jira comment event to the linked tasks. */
export const JIRA_COMMENT = 'jira-comment';

/** The Jira comment events the relay acts on. */
export const COMMENT_EVENTS = ['comment_created', 'comment_updated', 'comment_deleted'] as const;

export interface JiraCommentPayload {
  event: (typeof COMMENT_EVENTS)[number];
  issueId: string;
  issueKey: string;
  commentId: string;
}

/**
 * A comment event as a job: keyed by its delivery id (idempotent), grouped by comment, so its
 * creation, edits and deletion are relayed one after the other, in the order they arrived.
 */
export const jiraCommentJob = (deliveryId: string, payload: JiraCommentPayload): NewJob => ({
  kind: JIRA_COMMENT,
  key: deliveryId,
  group: `comment:${payload.commentId}`,
  payload: { ...payload },
});

export const jiraCommentOf = (job: JobRow) => job.payload as unknown as JiraCommentPayload;
