import type { Clock } from '../../src/platform/clock/clock';

/** A clock tests move by hand. */
export class TestClock implements Clock {
  constructor(private current = Date.parse('2026-11-22T10:00:00.000Z')) {}
  now(): number {
    return this.current;
  }
  advance(ms: number): void {
    this.current += ms;
  }
}
