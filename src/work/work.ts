import { findJob, insertClaimedJob, insertJobs, type Debounce, type NewJob } from '../adapters/storage/jobs-repo';
import type { JobRow } from '../adapters/storage/schema';
import type { Db } from '../adapters/storage/database';
import type { Clock } from '../platform/clock/clock';
import type { JobHandlers, WorkCtx } from './job-handler';
import { groupCommit } from './group-commit';
import { runClaimedJob, runNextJob } from './run-job';

export type { NewJob };

/**
 * How a runtime gets stored jobs run: the Node pump wakes up; on Workers each id goes on the
 * queue, delayed until `at`. Resolves once handed over, never after the work itself.
 */
export interface Dispatcher {
  dispatch(jobs: readonly JobRef[], at: number): void | Promise<void>;
}

export interface JobRef {
  id: number;
  kind: string;
}

/** The scheduler port every flow uses: store work durably, then have it run. */
export interface Work {
  /**
   * Stores the jobs (a duplicate (kind, key) is skipped) in one statement and dispatches the new
   * ones for `at` (default now). With `reschedule`, a pending job of the same key moves to `at`;
   * with `debounce`, a job waits until its group has been quiet (see `Debounce`).
   */
  enqueue(
    jobs: readonly NewJob[],
    options?: { at?: number; reschedule?: boolean; debounce?: Debounce },
  ): Promise<Array<{ id: number; key: string; scheduled: boolean; runAt: number }>>;
  /** Runs this stored job now if it is due, and returns its row afterwards. */
  runNow(id: number): Promise<JobRow | undefined>;
  /**
   * Stores a job and runs it at once, for actions that promise its result (an admin's link, a
   * backfill step); if it is left for later (a backoff), it is dispatched for then.
   */
  runOnce(job: NewJob): Promise<JobRow | undefined>;
  /** Dispatches stored jobs again (replayed dead letters). */
  wake(jobs: readonly JobRef[]): Promise<void>;
}

export function createWork<C extends WorkCtx<C>>(deps: {
  clock: Clock;
  handlers: JobHandlers<C>;
  dispatcher: Dispatcher;
  ctx: () => C;
  /** Stores enqueues that arrive together in one statement (see `groupCommit`): Node only. */
  groupCommit?: boolean;
  /** Where new work is stored, if not the context's `db` (Node: ahead of the statements already waiting). */
  storeDb?: Db;
}): Work {
  const { clock, handlers, dispatcher } = deps;
  const store: Work['enqueue'] = async (jobs, options = {}) => {
    const now = clock.now();
    const at = options.at ?? now;
    const ctx = deps.ctx();
    const stored = await insertJobs(
      deps.storeDb ?? ctx.db,
      jobs,
      at,
      now,
      options.reschedule ?? false,
      options.debounce,
    );
    const scheduled = stored.flatMap((s, i) =>
      s.scheduled ? [{ id: s.id, kind: jobs[i]!.kind, runAt: s.runAt }] : [],
    );
    if (scheduled.length) await dispatcher.dispatch(scheduled, Math.min(...scheduled.map((s) => s.runAt)));
    return stored;
  };
  return {
    enqueue: deps.groupCommit ? groupCommit(store) : store,
    async runNow(id) {
      const ctx = deps.ctx();
      await runNextJob(ctx, handlers, { id });
      return findJob(ctx.db, id);
    },
    async runOnce(job) {
      const ctx = deps.ctx();
      const now = clock.now();
      // Stored already claimed, so a worker busy elsewhere cannot take it before it runs here.
      const claimed = await insertClaimedJob(ctx.db, job, now, ctx.config.sync.leaseSeconds * 1000);
      if (claimed?.lockedUntil != null) await runClaimedJob(ctx, handlers, claimed, now);
      const row = claimed
        ? await findJob(ctx.db, claimed.id)
        : await this.runNow((await insertJobs(ctx.db, [job], now, now))[0]!.id);
      if (row?.status === 'pending') await dispatcher.dispatch([{ id: row.id, kind: row.kind }], row.runAt);
      return row;
    },
    async wake(refs) {
      if (refs.length) await dispatcher.dispatch(refs, clock.now());
    },
  };
}
