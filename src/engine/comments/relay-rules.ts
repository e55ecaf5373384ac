import type { CommentSettings } from '../../platform/config/schema';

type ToTracker = NonNullable<CommentSettings['toTracker']>;
type ToJira = NonNullable<CommentSettings['toJira']>;

const hasKeyword = (text: string, keywords: readonly string[]) => {
  const lower = text.toLowerCase();
  return keywords.some((k) => lower.includes(k.toLowerCase()));
};

/**
 * Pure: whether a Jira comment is posted on the task. A comment restricted to a role or group
 * never is, whatever the rules: it was meant for fewer people than the task's followers.
 */
export function relaysToTracker(
  rule: ToTracker,
  comment: { text: string; restricted: boolean },
  issueLabels: readonly string[],
): boolean {
  if (comment.restricted) return false;
  const labels = new Set(issueLabels.map((l) => l.toLowerCase()));
  return rule.public || rule.labels.some((l) => labels.has(l.toLowerCase())) || hasKeyword(comment.text, rule.keywords);
}

/** Pure: whether a comment on the task is posted on the Jira issue. */
export function relaysToJira(
  rule: ToJira,
  comment: { text: string; mentions: readonly string[] },
  bridgeUserId: string,
): boolean {
  return (rule.mentionsBridge && comment.mentions.includes(bridgeUserId)) || hasKeyword(comment.text, rule.keywords);
}
