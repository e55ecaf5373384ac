import type { BridgeConfig } from '../platform/config/schema';

/** Whether the bridge follows issues of this project and type. */
export function isInScope(
  scope: BridgeConfig['scope'],
  issue: { projectKey: string; issueType: string | null },
): boolean {
  if (!scope.projects.includes(issue.projectKey)) return false;
  if (!scope.issueTypes || issue.issueType === null) return true;
  return scope.issueTypes.includes(issue.issueType);
}
