/** Delay before the next attempt of a job: exponential from 5 s, capped at 10 min, never sooner than asked. */
export function retryDelayMs(attempts: number, retryAfterMs?: number): number {
  const exponential = Math.min(10 * 60_000, 5_000 * 2 ** Math.max(0, attempts - 1));
  return Math.max(exponential, retryAfterMs ?? 0);
}
