// Workers entry: the same Hono app and sync engine as on Node, on D1 (or Turso), Queues and Cron.
import { createApp } from '../../http/app';
import type { SyncScheduler } from '../../work/scheduler';
import { toHttpError } from '../../platform/errors/to-http';
import { describeError } from '../../platform/log/logger';
import { reconcile } from '../../flows/reconcile/reconcile';
import { buildWorkerRuntime, type WorkerRuntime } from './build-worker-runtime';
import { consumeJobs } from './queue-consumer';
import { enqueue, processDelivery } from './queue-jobs';
import { sweepInbox } from './sweep-inbox';
import type { BridgeJob, WorkerEnv } from './worker-env';

function queueScheduler(runtime: WorkerRuntime, queue: Queue<BridgeJob>): SyncScheduler {
  return {
    // Enqueued before the ack; if that fails, the cron sweep finds the stored row.
    notify: (deliveryId) => enqueue(queue, { deliveryId }, runtime.logger),
    notifyTrackerEvent: (trackerEventId) => enqueue(queue, { trackerEventId }, runtime.logger),
    runNow: async (deliveryId) => {
      if (runtime.sync) await processDelivery(runtime.sync, queue, deliveryId);
    },
  };
}

export default {
  async fetch(request, bindings, _ctx) {
    let runtime: WorkerRuntime;
    try {
      runtime = buildWorkerRuntime(bindings);
    } catch (err) {
      // A bad config or environment: every request says why, as the Node start-up would.
      const { status, body } = toHttpError(err);
      return Response.json(body, { status });
    }
    const { env, config, db, clock, logger, sync, missingSettings } = runtime;
    const app = createApp({
      db,
      config,
      clock,
      logger,
      scheduler: queueScheduler(runtime, bindings.DELIVERIES),
      security: { jiraWebhookSecret: env.JIRA_WEBHOOK_SECRET, jiraWebhookSecretPrevious: env.JIRA_WEBHOOK_SECRET_PREVIOUS, allowUnsignedWebhooks: env.ALLOW_UNSIGNED_WEBHOOKS, adminToken: env.ADMIN_TOKEN },
      sync,
      missingSettings,
    });
    return app.fetch(request);
  },

  async queue(batch, bindings, _ctx) {
    await consumeJobs(batch, buildWorkerRuntime(bindings), bindings.DELIVERIES, bindings.DEAD_LETTERS);
  },

  async scheduled(_controller, bindings, _ctx) {
    const runtime = buildWorkerRuntime(bindings);
    if (runtime.sync) {
      const queue = bindings.DELIVERIES;
      try {
        await reconcile(runtime.sync, { notify: async (deliveryId) => void (await queue.send({ deliveryId })) });
      } catch (err) {
        runtime.logger.warn('reconciliation failed; it runs again on the next trigger', { error: describeError(err) });
      }
    }
    const requeued = await sweepInbox(runtime, bindings.DELIVERIES);
    runtime.logger.info('inbox sweep', { requeued });
  },
} satisfies ExportedHandler<WorkerEnv, BridgeJob>;
