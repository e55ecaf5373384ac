import { nextRunAt, pruneDoneJobs } from '../../adapters/storage/jobs-admin-repo';
import type { Ctx } from '../../flows/context';
import { jobHandlers } from '../job-handlers';
import { describeError } from '../../platform/log/logger';
import { runNextJob } from '../../work/run-job';
import type { Dispatcher } from '../../work/work';

export interface JobPump extends Dispatcher {
  start(ctx: Ctx): void;
  /** Stops taking work and waits for the job in hand. */
  stop(): Promise<void>;
}

const MAX_SLEEP_MS = 30_000;
const PRUNE_EVERY_MS = 60 * 60 * 1000;

/**
 * Node's implementation of the work queue's dispatcher: runs due jobs one at a time, in the
 * order they fall due, then sleeps until the next one is due or new work is dispatched.
 */
export function createJobPump(): JobPump {
  let ctx: Ctx | undefined;
  let chain: Promise<unknown> = Promise.resolve();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let draining = false;
  let kickedWhileDraining = false;
  let running = false;
  let lastPrune = 0;

  async function drain(c: Ctx): Promise<void> {
    try {
      while (running && (await runNextJob(c, jobHandlers)).ran) {
        // The embedded database answers without touching the event loop, so a long drain would
        // otherwise run as one chain of microtasks and hold back every HTTP answer until it ends.
        await new Promise((resolve) => setImmediate(resolve));
      }
      const now = c.clock.now();
      if (now - lastPrune > PRUNE_EVERY_MS) {
        lastPrune = now;
        await pruneDoneJobs(c.db, now - c.config.sync.retainDays * 86_400_000);
      }
      sleepUntil(c, (await nextRunAt(c.db)) ?? now + MAX_SLEEP_MS);
    } catch (err) {
      c.log.error('job worker error', { error: describeError(err) });
      sleepUntil(c, c.clock.now() + 5_000);
    } finally {
      draining = false;
      // Work dispatched after the last claim must not wait for the timer.
      if (kickedWhileDraining) {
        kickedWhileDraining = false;
        kick();
      }
    }
  }

  function sleepUntil(c: Ctx, at: number) {
    if (!running) return;
    clearTimeout(timer);
    timer = setTimeout(kick, Math.min(MAX_SLEEP_MS, Math.max(0, at - c.clock.now())));
  }

  function kick() {
    if (!running || !ctx) return;
    if (draining) {
      kickedWhileDraining = true;
      return;
    }
    draining = true;
    const c = ctx;
    chain = chain.then(() => drain(c)).catch(() => undefined);
  }

  return {
    start(c) {
      ctx = c;
      running = true;
      kick();
    },
    async stop() {
      running = false;
      clearTimeout(timer);
      await chain;
    },
    // A job due later wakes the pump then: the sleep always ends at the next job's time.
    dispatch: () => kick(),
  };
}
