import { isInScope } from '../../engine/scope';
import type { IssueSnapshot } from '../../engine/types';
import type { Ctx } from '../context';

/**
 * Whether the context's mapping follows the issue: its projects and issue types, then (only if
 * those pass) its JQL filter, which only Jira can judge: one search, for one issue.
 */
export async function issueInScope(
  ctx: Pick<Ctx, 'config' | 'jira'>,
  issue: Pick<IssueSnapshot, 'id' | 'projectKey' | 'issueType'>,
): Promise<boolean> {
  const { scope } = ctx.config;
  if (!isInScope(scope, issue)) return false;
  return !scope.jql || ctx.jira.matchesJql(scope.jql, issue.id);
}
