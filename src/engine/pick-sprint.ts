import type { Sprint } from './types';

/**
 * The sprint a stakeholder cares about: the active one; else the next future one;
 * else the most recently ended. Jira keeps every sprint an issue was carried through.
 */
export function pickSprint(sprints: readonly Sprint[]): Sprint | null {
  const active = sprints.find((s) => s.state.toLowerCase() === 'active');
  if (active) return active;
  const future = sprints
    .filter((s) => s.state.toLowerCase() === 'future')
    .sort((a, b) => compareDates(a.startDate, b.startDate));
  if (future[0]) return future[0];
  const closed = [...sprints].sort((a, b) => compareDates(b.endDate, a.endDate));
  return closed[0] ?? null;
}

/** Orders ISO dates; an unknown date sorts last. */
function compareDates(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}
