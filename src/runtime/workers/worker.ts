// Workers entry: the same Hono app and flows as on Node, on D1 (or Turso), Queues and Cron.
import type { Ctx } from '../../flows/context';
import { reconcile } from '../../flows/reconcile/reconcile';
import { enqueueScheduledWork } from '../../flows/schedule/scheduled-work';
import { createApp } from '../../http/app';
import { systemClock, type Clock } from '../../platform/clock/clock';
import { toHttpError } from '../../platform/errors/to-http';
import { describeError } from '../../platform/log/logger';
import { buildWorkerRuntime } from './build-worker-runtime';
import { consumeJobs } from './queue-consumer';
import { sweepJobs } from './sweep-inbox';
import type { JobMessage, WorkerEnv } from './worker-env';

/** The Worker, on the given clock (tests pass their own, to assert exact delays). */
export function createWorker(clock: Clock = systemClock) {
  return {
    async fetch(request, bindings, _ctx) {
      let ctx: Ctx;
      try {
        ctx = buildWorkerRuntime(bindings, clock);
      } catch (err) {
        // A bad config or environment: every request says why, as the Node start-up would.
        const { status, body } = toHttpError(err);
        return Response.json(body, { status });
      }
      return createApp(ctx, { consoleAssets: (c) => bindings.ASSETS.fetch(c.req.raw) }).fetch(request);
    },

    async queue(batch, bindings, _ctx) {
      await consumeJobs(batch, buildWorkerRuntime(bindings, clock), bindings.DEAD_LETTERS);
    },

    async scheduled(_controller, bindings, _ctx) {
      const ctx = buildWorkerRuntime(bindings, clock);
      if (!ctx.missing.length) {
        try {
          await reconcile(ctx);
        } catch (err) {
          ctx.log.warn('reconciliation failed; it runs again on the next trigger', { error: describeError(err) });
        }
        try {
          await enqueueScheduledWork(ctx);
        } catch (err) {
          ctx.log.warn('scheduled work failed; it runs again on the next trigger', {
            error: describeError(err),
          });
        }
      }
      const requeued = await sweepJobs(ctx, bindings.DELIVERIES);
      ctx.log.info('job sweep', { requeued });
    },
  } satisfies ExportedHandler<WorkerEnv, JobMessage>;
}

export default createWorker();

// The Durable Object class that keeps each upstream token's request budget (wrangler.toml).
export { RateBudget } from './rate-budget';
