import pRetry from 'p-retry';
import { classifyFailure, wasRejectedUnapplied, type RetryDecision } from './classify';

export interface RetryPolicy {
  /** Extra tries after the first. */
  retries: number;
  minTimeoutMs: number;
  maxTimeoutMs: number;
  /**
   * Longest upstream-requested wait honoured in place. A longer Retry-After ends the
   * attempt, and the inbox re-schedules the delivery for then instead of holding a worker.
   */
  maxInlineWaitMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { retries: 3, minTimeoutMs: 250, maxTimeoutMs: 4_000, maxInlineWaitMs: 10_000 };

/**
 * Runs an idempotent upstream call, retrying what `classifyFailure` calls retryable and
 * waiting at least as long as the upstream asked. Non-idempotent writes must not come here
 * unless the caller knows the failed attempt did not happen.
 */
export function withRetry<T>(fn: () => Promise<T>, policy: RetryPolicy = defaultRetryPolicy, classify: (err: unknown) => RetryDecision = classifyFailure): Promise<T> {
  return pRetry(fn, {
    retries: policy.retries,
    minTimeout: policy.minTimeoutMs,
    maxTimeout: policy.maxTimeoutMs,
    randomize: true,
    shouldRetry: ({ error }) => {
      const decision = classify(error);
      return decision.retryable && (decision.retryAfterMs ?? 0) <= policy.maxInlineWaitMs;
    },
    // p-retry calls this before shouldRetry, so only wait when another try will follow.
    onFailedAttempt: async ({ error, retriesLeft }) => {
      const { retryable, retryAfterMs } = classify(error);
      if (retryable && retriesLeft > 0 && retryAfterMs && retryAfterMs <= policy.maxInlineWaitMs) {
        await new Promise((resolve) => setTimeout(resolve, retryAfterMs));
      }
    },
  });
}

/** For a non-idempotent write: retried only when the upstream certainly refused it (429). */
export function withRetryIfRejected<T>(fn: () => Promise<T>, policy: RetryPolicy = defaultRetryPolicy): Promise<T> {
  return withRetry(fn, policy, wasRejectedUnapplied);
}
