import type { Ctx } from '../../flows/context';
import { reconcile } from '../../flows/reconcile/reconcile';
import { enqueueScheduledWork } from '../../flows/schedule/scheduled-work';
import { startPeriodic } from './periodic-timer';

/**
 * Node's Cron: reconciliation every `reconcile.intervalMinutes`, and a look every minute for a
 * status update that is due (Workers do both on their Cron trigger).
 */
export function startReconcileTimer(ctx: Ctx) {
  const timers = [
    startPeriodic(ctx.log, 'reconciliation', ctx.config.reconcile.intervalMinutes * 60_000, () => reconcile(ctx)),
    startPeriodic(ctx.log, 'scheduled work', 60_000, () => enqueueScheduledWork(ctx)),
  ];
  return {
    stop() {
      for (const t of timers) t.stop();
    },
  };
}
