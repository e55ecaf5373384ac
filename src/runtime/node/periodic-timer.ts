import type { Logger } from '../../platform/log/logger';
import { describeError } from '../../platform/log/logger';

/**
 * Runs `task` shortly after start and then every `everyMs` (Node's Cron); a slow run is not
 * stacked on itself, and a failure is logged and retried on the next tick.
 */
export function startPeriodic(log: Logger, what: string, everyMs: number, task: () => Promise<unknown>) {
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      await task();
    } catch (err) {
      log.warn(`${what} failed; it runs again next interval`, { error: describeError(err) });
    } finally {
      running = false;
    }
  };
  const first = setTimeout(run, 5_000);
  const every = setInterval(run, everyMs);
  return {
    stop() {
      clearTimeout(first);
      clearInterval(every);
    },
  };
}
