/** Jira's own date-time format: milliseconds and an offset without a colon. */
export function jiraTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}
