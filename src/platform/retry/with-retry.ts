import pRetry from 'p-retry';
import type { Clock } from '../clock/clock';
import { classifyFailure, wasRejectedUnapplied, type RetryDecision } from './classify';

export interface RetryPolicy {
  /** Extra tries after the first. */
  retries: number;
  minTimeoutMs: number;
  maxTimeoutMs: number;
  /**
   * Longest upstream-requested wait honoured in place. A longer Retry-After ends the
   * attempt, and the work queue re-schedules the job for then instead of holding a worker.
   */
  maxInlineWaitMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  retries: 3,
  minTimeoutMs: 250,
  maxTimeoutMs: 4_000,
  maxInlineWaitMs: 10_000,
};

/** Exponential from `minTimeoutMs`, capped, jittered in its upper half; never sooner than the upstream asked. */
export function inlineDelayMs(
  policy: RetryPolicy,
  attempt: number,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(policy.maxTimeoutMs, policy.minTimeoutMs * 2 ** Math.max(0, attempt - 1));
  return Math.max(Math.round(exponential * (0.5 + random() / 2)), retryAfterMs ?? 0);
}

/**
 * Runs an idempotent upstream call, retrying what `classifyFailure` calls retryable and
 * waiting (on the bridge's clock) at least as long as the upstream asked. p-retry counts the
 * attempts and decides; the waits are the clock's, so tests control them. Non-idempotent
 * writes must not come here unless the caller knows the failed attempt did not happen.
 */
export function withRetry<T>(
  fn: () => Promise<T>,
  clock: Clock,
  policy: RetryPolicy = defaultRetryPolicy,
  classify: (err: unknown) => RetryDecision = classifyFailure,
): Promise<T> {
  return pRetry(fn, {
    retries: policy.retries,
    // p-retry's own timer would wait in real time: every wait goes through the clock instead.
    minTimeout: 0,
    maxTimeout: 0,
    randomize: false,
    shouldRetry: ({ error }) => {
      const decision = classify(error);
      return decision.retryable && (decision.retryAfterMs ?? 0) <= policy.maxInlineWaitMs;
    },
    // p-retry calls this before shouldRetry, so only wait when another try will follow.
    onFailedAttempt: async ({ error, retriesLeft, attemptNumber }) => {
      const { retryable, retryAfterMs } = classify(error);
      if (retryable && retriesLeft > 0 && (retryAfterMs ?? 0) <= policy.maxInlineWaitMs) {
        await clock.sleep(inlineDelayMs(policy, attemptNumber, retryAfterMs));
      }
    },
  });
}

/** For a non-idempotent write: retried only when the upstream certainly refused it (429). */
export function withRetryIfRejected<T>(
  fn: () => Promise<T>,
  clock: Clock,
  policy: RetryPolicy = defaultRetryPolicy,
): Promise<T> {
  return withRetry(fn, clock, policy, wasRejectedUnapplied);
}
