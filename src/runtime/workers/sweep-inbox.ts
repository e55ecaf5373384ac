import { pruneDone, strandedDeliveries } from '../../storage/deliveries-repo';
import type { WorkerRuntime } from './build-worker-runtime';
import type { DeliveryMessage } from './worker-env';

/** How long a due delivery may sit unclaimed before the sweep assumes its message was lost. */
const STRANDED_AFTER_MS = 5 * 60 * 1000;

/**
 * The Cron trigger's job for now: re-enqueue deliveries whose queue message was lost (the
 * enqueue after the insert failed, or a message expired), and prune old finished rows.
 */
export async function sweepInbox(runtime: WorkerRuntime, queue: Queue<DeliveryMessage>): Promise<number> {
  const { db, clock, config } = runtime;
  const now = clock.now();
  const stranded = await strandedDeliveries(db, now, STRANDED_AFTER_MS, 100);
  if (stranded.length) await queue.sendBatch(stranded.map((id) => ({ body: { deliveryId: id } })));
  await pruneDone(db, now - config.sync.retainDays * 86_400_000);
  return stranded.length;
}
