import { processNextTrackerEvent } from '../../flows/commit/process-tracker-event';
import { sendNextNotice } from '../../flows/notify/send-notice';
import { pruneDone, strandedDeliveries } from '../../adapters/storage/deliveries-repo';
import type { WorkerRuntime } from './build-worker-runtime';
import { processDelivery } from './queue-jobs';
import type { BridgeJob } from './worker-env';

/** How long a due delivery may sit unclaimed before the sweep assumes its message was lost. */
const STRANDED_AFTER_MS = 5 * 60 * 1000;

/** Notices (and tracker events) handled by one sweep at most; the rest wait for their messages or the next sweep. */
const MAX_NOTICES_PER_SWEEP = 50;

/**
 * The Cron trigger's job: re-enqueue deliveries whose queue message was lost (the enqueue after
 * the insert failed, or a message expired), send overdue notices, process stranded tracker
 * events, prune old rows.
 */
export async function sweepInbox(runtime: WorkerRuntime, queue: Queue<BridgeJob>): Promise<number> {
  const { db, clock, config } = runtime;
  const now = clock.now();
  const stranded = await strandedDeliveries(db, now, STRANDED_AFTER_MS, 100);
  if (stranded.length) await queue.sendBatch(stranded.map((id) => ({ body: { deliveryId: id } })));
  await pruneDone(db, now - config.sync.retainDays * 86_400_000);
  const { sync } = runtime;
  if (sync) {
    for (let i = 0; i < MAX_NOTICES_PER_SWEEP && (await sendNextNotice(sync)).processed; i++) {
      // overdue notices whose messages were lost
    }
    const inline = { runNow: async (deliveryId: number) => void (await processDelivery(sync, queue, deliveryId)) };
    for (let i = 0; i < MAX_NOTICES_PER_SWEEP && (await processNextTrackerEvent(sync, inline)).processed; i++) {
      // tracker events whose messages were lost
    }
  }
  return stranded.length;
}
