import { nextRunAt } from '../../adapters/storage/jobs-admin-repo';
import { pruneOld } from '../../flows/retention/prune-old';
import type { Ctx } from '../../flows/context';
import type { BridgeConfig } from '../../platform/config/schema';
import { describeError } from '../../platform/log/logger';
import type { RateLimits } from '../../platform/ratelimit/rate-limiter';
import { runNextJob } from '../../work/run-job';
import type { Dispatcher } from '../../work/work';
import { jobHandlers } from '../job-handlers';

export interface JobPump extends Dispatcher {
  start(ctx: Ctx): void;
  /** Stops taking work and waits for the jobs in hand. */
  stop(): Promise<void>;
}

const MAX_SLEEP_MS = 30_000;
const PRUNE_EVERY_MS = 60 * 60 * 1000;

/** `sync.concurrency`, or what the upstreams allow at once: tracker writes and Jira reads in flight. */
export function jobConcurrency(config: BridgeConfig): number {
  const tracker = config.limits[config.tracker.kind] as Partial<RateLimits> | undefined;
  return (
    config.sync.concurrency ??
    Math.max(1, Math.min(tracker?.maxConcurrentWrites ?? 1, config.limits.jira.maxConcurrentReads))
  );
}

/**
 * Node's implementation of the work queue's dispatcher: `sync.concurrency` workers run due jobs
 * side by side, in the order they fall due (one issue's jobs never at once: the claim skips a
 * busy group), then the pump sleeps until the next one is due or new work is dispatched.
 */
export function createJobPump(): JobPump {
  let ctx: Ctx | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let active = 0;
  let failed = false;
  let idle: Promise<void> = Promise.resolve();
  let becameIdle = () => {};
  let lastPrune = 0;

  const turn = oneWorkerPerTurn();

  async function work(c: Ctx): Promise<void> {
    // The embedded database answers without touching the event loop, so a worker's claim and
    // the start of its job run as one chain of microtasks. Each worker waits for a turn of the
    // loop of its own first, so HTTP answers are never held back by several such chains at once.
    for (;;) {
      await turn();
      if (!running || !(await runNextJob(c, jobHandlers)).ran) return;
    }
  }

  async function worker(c: Ctx): Promise<void> {
    try {
      await work(c);
    } catch (err) {
      failed = true;
      c.log.error('job worker error', { error: describeError(err) });
    } finally {
      active--;
      if (active === 0) await settle(c);
    }
  }

  /** The last worker out prunes now and then, and sleeps until the next job is due (or a retry after an error). */
  async function settle(c: Ctx): Promise<void> {
    try {
      const now = c.clock.now();
      if (failed) sleepUntil(c, now + 5_000);
      else {
        if (now - lastPrune > PRUNE_EVERY_MS) {
          lastPrune = now;
          await pruneOld(c);
        }
        sleepUntil(c, (await nextRunAt(c.db)) ?? now + MAX_SLEEP_MS);
      }
    } catch (err) {
      c.log.error('job worker error', { error: describeError(err) });
      sleepUntil(c, c.clock.now() + 5_000);
    } finally {
      failed = false;
      if (active === 0) becameIdle();
    }
  }

  let wakeAt = Infinity;
  function sleepUntil(c: Ctx, at: number) {
    if (!running) return;
    clearTimeout(timer);
    wakeAt = at;
    timer = setTimeout(kick, Math.min(MAX_SLEEP_MS, Math.max(0, at - c.clock.now())));
  }

  /** Brings the workers up to `sync.concurrency`; a job stored after a worker's last claim is found by the next. */
  function kick() {
    if (!running || !ctx) return;
    const c = ctx;
    if (active === 0) idle = new Promise((resolve) => (becameIdle = resolve));
    for (const limit = jobConcurrency(c.config); active < limit;) {
      active++;
      void worker(c);
    }
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
      await idle;
    },
    // Work due now wakes the workers; work due later (a debounced delivery, a held notice) only
    // brings the timer forward, so a stream of deliveries does not make the workers poll.
    dispatch(_jobs, at) {
      if (!ctx || at <= ctx.clock.now()) kick();
      else if (active === 0 && at < wakeAt) sleepUntil(ctx, at);
    },
  };
}

/**
 * Lets one waiter go per turn of the event loop: an immediate queued from an immediate runs in
 * the next turn, after the loop has polled for I/O (the HTTP requests waiting to be answered).
 */
function oneWorkerPerTurn(): () => Promise<void> {
  const waiting: Array<() => void> = [];
  let scheduled = false;
  const release = () => {
    waiting.shift()?.();
    scheduled = waiting.length > 0;
    if (scheduled) setImmediate(release);
  };
  return () =>
    new Promise<void>((resolve) => {
      waiting.push(resolve);
      if (!scheduled) {
        scheduled = true;
        setImmediate(release);
      }
    });
}
