import type { ReportRequest } from './compose-status-update';

export interface Digest {
  headline: string;
  /** One line per request, with the link to its Jira issue. */
  items: Array<{ text: string; link: { text: string; url: string } }>;
}

/**
 * Pure: one stakeholder's digest of a status update: only their requests, each with where it
 * stands (shipped, blocked since when, past its date, when it will likely ship).
 */
export function composeDigest(
  updateTitle: string,
  requests: readonly ReportRequest[],
  blockedStatuses: readonly string[],
  timeZone: string,
): Digest {
  const blocked = new Set(blockedStatuses.map((s) => s.trim().toLowerCase()));
  const day = (at: number) =>
    new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'short' }).format(new Date(at));
  const where = (r: ReportRequest) => {
    if (r.doneAt !== null) return `${r.status} (done ${day(r.doneAt)})`;
    const parts = [blocked.has(r.status.trim().toLowerCase()) ? `${r.status} since ${day(r.statusSince)}` : r.status];
    if (r.dueDate) parts.push(`target ${r.dueDate}`);
    if (r.forecast?.p50)
      parts.push(`likely by ${day(r.forecast.p50)}${r.forecast.p85 ? ` (85%: ${day(r.forecast.p85)})` : ''}`);
    return parts.join('; ');
  };
  const sorted = [...requests].sort((a, b) => a.jiraKey.localeCompare(b.jiraKey, 'en', { numeric: true }));
  return {
    headline: `Your requests, from "${updateTitle}":`,
    items: sorted.map((r) => ({
      text: `${r.summary}: ${where(r)}`,
      link: { text: r.jiraKey, url: r.jiraUrl },
    })),
  };
}
