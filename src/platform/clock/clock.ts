/**
 * The bridge's one source of time: the logger, the rate limiters and retry waits all read it,
 * so tests (on Node and in workerd) control time by injecting their own.
 */
export interface Clock {
  now(): number;
  /** Waits `ms` of this clock's time. */
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};
