import type { Scope } from '../../platform/config/schema';

const quoted = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** Pure: the JQL for the issues a scope follows: its projects, its issue types, its own filter. */
export function scopeJql(scope: Scope): string {
  const clauses = [
    scope.projects && `project in (${scope.projects.map(quoted).join(', ')})`,
    scope.issueTypes && `issuetype in (${scope.issueTypes.map(quoted).join(', ')})`,
    scope.jql && `(${scope.jql})`,
  ].filter((c): c is string => !!c);
  return clauses.join(' AND ');
}

/** Pure: the JQL for the issues several scopes follow (one webhook serves every mapping). */
export function anyScopeJql(scopes: readonly Scope[]): string {
  const each = [...new Set(scopes.map(scopeJql))];
  return each.length === 1 ? each[0]! : each.map((jql) => `(${jql})`).join(' OR ');
}

/**
 * Pure: the bounded JQL for issues in scope updated within the last `lookbackMs`. A relative
 * date (`-90m`) is read by Jira itself, so the JQL does not depend on the Jira user's time zone.
 */
export function reconcileJql(scope: Scope, lookbackMs: number): string {
  const minutes = Math.max(1, Math.ceil(lookbackMs / 60_000));
  return `${scopeJql(scope)} AND updated >= "-${minutes}m" ORDER BY updated ASC`;
}
