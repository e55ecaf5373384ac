/** Parses Jira's `2019-02-15T19:14:22.002-0800` (offset without a colon) to epoch ms. */
export function parseJiraDateTime(value: string): number {
  const normalised = value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(normalised);
  if (!Number.isFinite(ms)) throw new Error(`Unparseable Jira date-time: ${value}`);
  return ms;
}
