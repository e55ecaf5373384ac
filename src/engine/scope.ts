import type { Scope } from '../platform/config/schema';

/**
 * Whether the bridge follows issues of this project and type. A scope's `jql` filter is not
 * judged here (only Jira can): flows ask Jira where it decides something.
 */
export function isInScope(scope: Scope, issue: { projectKey: string; issueType: string | null }): boolean {
  if (scope.projects && !scope.projects.includes(issue.projectKey)) return false;
  if (!scope.issueTypes || issue.issueType === null) return true;
  return scope.issueTypes.includes(issue.issueType);
}
