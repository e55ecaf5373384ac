/** When an update reads off track or at risk (see status-updates-schema.ts). */
export interface StatusRules {
  offTrack: { blockedDays: number; overdueShare: number };
  atRisk: { blockedDays: number; overdueShare: number };
}

export interface PortfolioState {
  /** How long each blocked request has been blocked, in days. */
  blockedDays: readonly number[];
  overdue: number;
  open: number;
}

/**
 * Pure: the update's status and why. Off track when a request has been blocked `offTrack.blockedDays`
 * days or more, or at least `offTrack.overdueShare` of the open requests passed their target date;
 * else at risk by the `atRisk` thresholds; else on track. A share needs at least one open request.
 */
export function statusOf(
  rules: StatusRules,
  state: PortfolioState,
): { statusType: 'on_track' | 'at_risk' | 'off_track'; reasons: string[] } {
  const share = state.open ? state.overdue / state.open : 0;
  for (const [statusType, rule] of [
    ['off_track', rules.offTrack],
    ['at_risk', rules.atRisk],
  ] as const) {
    const reasons: string[] = [];
    const stuck = state.blockedDays.filter((d) => d >= rule.blockedDays).length;
    if (stuck) reasons.push(`${plural(stuck, 'request')} blocked for ${rule.blockedDays} days or more.`);
    if (state.overdue > 0 && share >= rule.overdueShare)
      reasons.push(
        `${plural(state.overdue, 'open request')} of ${state.open} (${Math.round(share * 100)}%) past the target date.`,
      );
    if (reasons.length) return { statusType, reasons };
  }
  return { statusType: 'on_track', reasons: [] };
}

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
