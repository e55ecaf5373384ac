import type { Clock } from '../../src/platform/clock/clock';

/** A clock tests move by hand; waiting on it (rate limits, retry delays) moves it forward at once. */
export class TestClock implements Clock {
  /** Every wait asked of this clock, in order: tests assert exact delays. */
  readonly sleeps: number[] = [];
  constructor(private current = Date.parse('2026-11-22T10:00:00.000Z')) {}
  now(): number {
    return this.current;
  }
  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.current += ms;
  }
  advance(ms: number): void {
    this.current += ms;
  }
}
