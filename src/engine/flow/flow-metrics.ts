/** A Jira status as the flow metrics see it. */
export interface StatusRef {
  name: string;
  category: 'new' | 'indeterminate' | 'done' | null;
}

/** One status change, from the Jira changelog. */
export interface StatusChange {
  at: number;
  to: StatusRef;
}

export interface FlowInput {
  /** When the clock starts: the request's creation (or commit) time. */
  startAt: number;
  /** The status the issue had at `startAt`. */
  initial: StatusRef;
  /** Status changes, in any order (sorted here); those before `startAt` count from `startAt`. */
  changes: readonly StatusChange[];
  /** Now: the end of the measure for work not done. */
  now: number;
  /** Status names that mean blocked (compared in any case). */
  blockedStatuses: readonly string[];
}

export interface FlowMetrics {
  /** Milliseconds in each status (by name), up to done (or now). */
  timeInStatus: Record<string, number>;
  timeInCategory: { new: number; indeterminate: number; done: number; unknown: number };
  /** From `startAt` to the last arrival in done; null while not done. */
  leadTimeMs: number | null;
  /** From the first arrival in progress to the last arrival in done; null while not done or never started. */
  cycleTimeMs: number | null;
  blockedMs: number;
  /** How many times it left done for a status that is not done. */
  reopenings: number;
  current: StatusRef;
  /** Since when it is in its current status. */
  inCurrentStatusMs: number;
  /** Its first arrival in progress; null if never started. */
  startedAt: number | null;
  doneAt: number | null;
}

/**
 * Pure: the flow of one request from its status history. The measure ends when the request is
 * done (so the time in each status sums to the lead time), or now while it is not. Times are
 * epoch milliseconds, so time zones and daylight saving changes cannot skew them.
 */
export function flowMetrics(input: FlowInput): FlowMetrics {
  const changes = [...input.changes].sort((a, b) => a.at - b.at);
  const blocked = new Set(input.blockedStatuses.map((s) => s.trim().toLowerCase()));
  const timeInStatus: Record<string, number> = {};
  const timeInCategory = { new: 0, indeterminate: 0, done: 0, unknown: 0 };
  let blockedMs = 0;
  let reopenings = 0;
  let current = input.initial;
  let since = input.startAt;
  let startedAt: number | null = current.category === 'indeterminate' ? input.startAt : null;
  let doneAt: number | null = current.category === 'done' ? input.startAt : null;

  // Time spent done counts only if the request leaves done again (a reopening): held apart till then.
  let held: Array<{ status: StatusRef; ms: number }> = [];
  const add = (status: StatusRef, ms: number) => {
    timeInStatus[status.name] = (timeInStatus[status.name] ?? 0) + ms;
    timeInCategory[status.category ?? 'unknown'] += ms;
    if (blocked.has(status.name.trim().toLowerCase())) blockedMs += ms;
  };
  const spend = (until: number) => {
    const ms = Math.max(0, until - since);
    if (current.category === 'done') held.push({ status: current, ms });
    else add(current, ms);
  };
  for (const change of changes) {
    const at = Math.max(change.at, input.startAt);
    if (at > input.now) break;
    spend(at);
    if (current.category === 'done' && change.to.category !== 'done') {
      reopenings++;
      doneAt = null;
      for (const { status, ms } of held) add(status, ms);
      held = [];
    }
    if (change.to.category === 'indeterminate' && startedAt === null) startedAt = at;
    if (change.to.category === 'done' && current.category !== 'done') doneAt = at;
    current = change.to;
    since = at;
  }
  // Done: the measure stopped when it got there (time in done is not work); else it runs to now.
  if (doneAt === null) spend(input.now);
  return {
    timeInStatus,
    timeInCategory,
    leadTimeMs: doneAt === null ? null : doneAt - input.startAt,
    cycleTimeMs: doneAt === null || startedAt === null ? null : doneAt - startedAt,
    blockedMs,
    reopenings,
    current,
    inCurrentStatusMs: Math.max(0, input.now - since),
    startedAt,
    doneAt,
  };
}
