import { z } from 'zod';

/**
 * A Jira Cloud webhook body, parsed leniently: only what the bridge uses is required, and
 * unknown keys are allowed (payloads differ across sites and years) but not copied: a real body
 * carries dozens of custom fields, and copying them was most of the cost of parsing it.
 */
const issueSchema = z.object({
  id: z.string().regex(/^\d+$/, 'must be a numeric issue id'),
  key: z.string().regex(/^[A-Z][A-Z0-9_]+-\d+$/, 'must be an issue key such as "ABC-123"'),
  fields: z.object({
    project: z.object({ key: z.string().min(1) }),
    issuetype: z.object({ name: z.string() }).nullish(),
  }),
});

/** Just enough to tell which event a body is, before anything else about it is judged. */
export const jiraEnvelopeSchema = z.object({ webhookEvent: z.string().min(1).max(200) });

export const jiraWebhookSchema = z.object({
  timestamp: z.number().int().nonnegative(),
  webhookEvent: z.string().min(1),
  issue_event_type_name: z.string().optional(),
  user: z.object({ displayName: z.string().optional(), accountId: z.string().optional() }).optional(),
  issue: z.unknown().optional(),
  changelog: z.unknown().optional(),
});

export type JiraWebhook = z.infer<typeof jiraWebhookSchema>;
export type JiraWebhookIssue = z.infer<typeof issueSchema>;

export const ISSUE_EVENTS = ['jira:issue_created', 'jira:issue_updated', 'jira:issue_deleted'] as const;

/** Issue events must carry the issue; parsed separately so the error path names `issue.…`. */
export function parseWebhookIssue(body: JiraWebhook) {
  return issueSchema.safeParse(body.issue);
}

/** A comment event: the comment (by id) and its issue; the comment itself is read fresh. */
export const jiraCommentWebhookSchema = z.object({
  webhookEvent: z.enum(['comment_created', 'comment_updated', 'comment_deleted']),
  comment: z.object({ id: z.string().regex(/^\d+$/, 'must be a numeric comment id') }),
  issue: issueSchema.pick({ id: true, key: true }),
});
