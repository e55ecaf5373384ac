import type { SyncScheduler } from '../../work/scheduler';
import { processNextDelivery } from '../../flows/sync/process-delivery';
import { describeError, type Logger } from '../../platform/log/logger';
import { processNextTrackerEvent } from '../../flows/commit/process-tracker-event';
import { sendNextNotice } from '../../flows/notify/send-notice';
import { nextDueAt, pruneDone } from '../../adapters/storage/deliveries-repo';
import { nextNoticeDueAt } from '../../adapters/storage/notices-repo';
import { nextTrackerEventDueAt } from '../../adapters/storage/tracker-events-repo';
import type { SyncDeps } from '../../flows/sync/sync-deps';

export interface InboxPump extends SyncScheduler {
  start(): void;
  /** Stops taking work and waits for the delivery in hand. */
  stop(): Promise<void>;
}

const MAX_SLEEP_MS = 30_000;
const PRUNE_EVERY_MS = 60 * 60 * 1000;

/**
 * Node's inbox worker: drains due deliveries one at a time (so two syncs of one issue never
 * race), sends the notices that are due, then sleeps until the next retry or notice is due or
 * a new delivery arrives.
 */
export function createInboxPump(deps: SyncDeps, logger: Logger): InboxPump {
  let chain: Promise<unknown> = Promise.resolve();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let draining = false;
  let kickedWhileDraining = false;
  let running = false;
  let lastPrune = 0;

  const serially = <T>(task: () => Promise<T>): Promise<T> => {
    const next = chain.then(task);
    chain = next.catch(() => undefined);
    return next;
  };

  async function drain(): Promise<void> {
    try {
      // Deliveries and due notices take turns, so a steady stream of webhooks never starves the notices.
      // Inside the drain, a commit's first sync runs inline (the serial chain is already ours).
      const inline = { runNow: async (id: number) => void (await processNextDelivery(deps, id)) };
      while (running) {
        const synced = (await processNextDelivery(deps)).processed;
        const committed = (await processNextTrackerEvent(deps, inline)).processed;
        const told = (await sendNextNotice(deps)).processed;
        if (!synced && !committed && !told) break;
        // The embedded database answers without touching the event loop, so a long drain would
        // otherwise run as one chain of microtasks and hold back every HTTP answer until it ends.
        await new Promise((resolve) => setImmediate(resolve));
      }
      const now = deps.clock.now();
      if (now - lastPrune > PRUNE_EVERY_MS) {
        lastPrune = now;
        await pruneDone(deps.db, now - deps.config.sync.retainDays * 86_400_000);
      }
      // Retries of deliveries, commits and notices each wake the worker when they are due.
      const due = [await nextDueAt(deps.db), await nextTrackerEventDueAt(deps.db), await nextNoticeDueAt(deps.db)].filter((d): d is number => d !== null);
      sleepUntil(due.length ? Math.min(...due) : now + MAX_SLEEP_MS);
    } catch (err) {
      logger.error('inbox worker error', { error: describeError(err) });
      sleepUntil(deps.clock.now() + 5_000);
    } finally {
      draining = false;
      // A delivery stored after the last claim must not wait for the timer.
      if (kickedWhileDraining) {
        kickedWhileDraining = false;
        kick();
      }
    }
  }

  function sleepUntil(at: number) {
    if (!running) return;
    clearTimeout(timer);
    const delay = Math.min(MAX_SLEEP_MS, Math.max(0, at - deps.clock.now()));
    timer = setTimeout(kick, delay);
  }

  function kick() {
    if (!running) return;
    if (draining) {
      kickedWhileDraining = true;
      return;
    }
    draining = true;
    void serially(drain);
  }

  return {
    start() {
      running = true;
      kick();
    },
    async stop() {
      running = false;
      clearTimeout(timer);
      await chain;
    },
    notify: () => kick(),
    notifyTrackerEvent: () => kick(),
    async runNow(deliveryId: number) {
      await serially(() => processNextDelivery(deps, deliveryId));
    },
  };
}
