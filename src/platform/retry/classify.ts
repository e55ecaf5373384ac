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

/**
 * Pure: whether the upstream answered a write with a refusal (a 4xx other than 408), so the write
 * did not happen; no answer, a 408 or a 5xx leaves it unknown.
 */
export function wasRefused(err: unknown): boolean {
  for (let current: unknown = err, depth = 0; current && depth < 8; depth++) {
    if (current instanceof UpstreamError) {
      const status = current.failure.kind === 'http' ? (current.failure.upstreamStatus ?? 500) : 500;
      return status >= 400 && status < 500 && status !== 408;
    }
    current = current instanceof Error ? current.cause : undefined;
  }
  return false;
}

/**
 * Pure: whether a failed write certainly did not happen, so it may be retried even though it
 * is not idempotent. Only a throttling refusal (429) says so; a timeout or a 5xx may hide a
 * write that landed.
 */
export function wasRejectedUnapplied(err: unknown): RetryDecision {
  for (let current: unknown = err, depth = 0; current && depth < 8; depth++) {
    if (current instanceof UpstreamError) {
      const { kind, upstreamStatus, retryAfterMs } = current.failure;
      const rejected = kind === 'http' && upstreamStatus === 429;
      return retryAfterMs === undefined ? { retryable: rejected } : { retryable: rejected, retryAfterMs };
    }
    current = current instanceof Error ? current.cause : undefined;
  }
  return { retryable: false };
}
