import type { Ctx } from '../../flows/context';
import { reconcile } from '../../flows/reconcile/reconcile';
import { describeError } from '../../platform/log/logger';

/** Runs reconciliation shortly after start and then every `reconcile.intervalMinutes` (Node's Cron). */
export function startReconcileTimer(ctx: Ctx) {
  let running = false;
  const run = async () => {
    if (running) return; // a slow run is not stacked on itself
    running = true;
    try {
      await reconcile(ctx);
    } catch (err) {
      ctx.log.warn('reconciliation failed; it runs again next interval', { error: describeError(err) });
    } finally {
      running = false;
    }
  };
  const first = setTimeout(run, 5_000);
  const every = setInterval(run, ctx.config.reconcile.intervalMinutes * 60_000);
  return {
    stop() {
      clearTimeout(first);
      clearInterval(every);
    },
  };
}
