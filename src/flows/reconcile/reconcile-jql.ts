import type { BridgeConfig } from '../../platform/config/schema';

/**
 * Pure: the bounded JQL for issues in scope updated within the last `lookbackMs`. A relative
 * date (`-90m`) is read by Jira itself, so the JQL does not depend on the Jira user's time zone.
 */
export function reconcileJql(scope: BridgeConfig['scope'], lookbackMs: number): string {
  const minutes = Math.max(1, Math.ceil(lookbackMs / 60_000));
  const projects = scope.projects.map((p) => `"${p}"`).join(', ');
  const types = scope.issueTypes
    ? ` AND issuetype in (${scope.issueTypes.map((t) => `"${t.replace(/"/g, '\\"')}"`).join(', ')})`
    : '';
  return `project in (${projects})${types} AND updated >= "-${minutes}m" ORDER BY updated ASC`;
}
