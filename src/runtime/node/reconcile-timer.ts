import type { SyncScheduler } from '../../work/scheduler';
import { describeError, type Logger } from '../../platform/log/logger';
import { reconcile } from '../../flows/reconcile/reconcile';
import type { SyncDeps } from '../../flows/sync/sync-deps';

/** Runs reconciliation shortly after start and then every `reconcile.intervalMinutes` (Node's Cron). */
export function startReconcileTimer(deps: SyncDeps, scheduler: Pick<SyncScheduler, 'notify'>, logger: Logger) {
  let running = false;
  const run = async () => {
    if (running) return; // a slow run is not stacked on itself
    running = true;
    try {
      await reconcile(deps, scheduler);
    } catch (err) {
      logger.warn('reconciliation failed; it runs again next interval', { error: describeError(err) });
    } finally {
      running = false;
    }
  };
  const first = setTimeout(run, 5_000);
  const every = setInterval(run, deps.config.reconcile.intervalMinutes * 60_000);
  return {
    stop() {
      clearTimeout(first);
      clearInterval(every);
    },
  };
}
