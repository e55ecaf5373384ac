import { SyncBusyError, UpstreamError } from '../errors/app-errors';

export interface RetryDecision {
  retryable: boolean;
  /** The wait the upstream asked for, if it said. */
  retryAfterMs?: number;
}

/** Statuses worth another try: throttling, timeouts, conflicts and server faults. */
const RETRYABLE_STATUSES = new Set([408, 409, 425, 429]);

/**
 * Pure: decides whether a failure is worth retrying. Walks the `cause` chain, so a wrapped
 * error is judged by the upstream failure underneath. Anything unrecognised is not retried.
 */
export function classifyFailure(err: unknown): RetryDecision {
  for (let current: unknown = err, depth = 0; current && depth < 8; depth++) {
    if (current instanceof SyncBusyError) return { retryable: true, retryAfterMs: current.retryAfterMs };
    if (current instanceof UpstreamError) {
      const { kind, upstreamStatus, retryAfterMs } = current.failure;
      if (kind !== 'http') return { retryable: true };
      const status = upstreamStatus ?? 0;
      const retryable = RETRYABLE_STATUSES.has(status) || status >= 500;
      return retryAfterMs === undefined ? { retryable } : { retryable, retryAfterMs };
    }
    current = current instanceof Error ? current.cause : undefined;
  }
  return { retryable: false };
}
