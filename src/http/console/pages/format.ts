const DAY = 86_400_000;

/** A time as people read it in a table: `2026-12-02 14:05 UTC`. */
export const when = (at: number | null | undefined) =>
  at === null || at === undefined ? '—' : `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** A calendar day, `2026-12-02`. */
export const day = (at: number) => new Date(at).toISOString().slice(0, 10);

/** A duration in the unit that reads best: `45 s`, `12 min`, `5.5 h`, `3.2 d`. */
export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  if (ms < DAY) return `${Math.round(ms / 360_000) / 10} h`;
  return `${Math.round(ms / 8_640_000) / 10} d`;
}

/** A link target only if it is a web address (a value from Jira or the tracker is never trusted as a URL). */
export const httpUrl = (url: string | null | undefined) => (url && /^https?:\/\//i.test(url) ? url : undefined);

/** A URL built by an adapter that may be unconfigured (no Jira settings yet): undefined then. */
export function tryUrl(build: () => string): string | undefined {
  try {
    return httpUrl(build());
  } catch {
    return undefined;
  }
}
