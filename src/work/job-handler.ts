import type { JobRow } from '../adapters/storage/schema';
import type { Db } from '../adapters/storage/database';
import type { Clock } from '../platform/clock/clock';
import type { Logger } from '../platform/log/logger';
import type { RequestScope } from '../platform/log/request-scope';

/** What a job's run ended in: done (with an outcome), or to run again later without counting as a failure. */
export type JobResult = { outcome: string } | { later: number; reason: string };

/**
 * How one kind of job is done. The work module claims, runs, classifies failures, backs off and
 * parks; the handler only does the work. It must be safe to run again after a crash (claim
 * before side effect, idempotent steps).
 */
export interface JobHandler<C> {
  /** How the logs name one job of this kind ("delivery", "notice"). */
  noun: string;
  /** Claim the other pending jobs of the same group along with the first: one run serves them all. */
  coalesce?: boolean;
  /** Log fields that identify a job of this kind. */
  describe(job: JobRow): Record<string, unknown>;
  run(ctx: C, jobs: JobRow[]): Promise<JobResult>;
  /** The jobs were parked as failed (out of attempts, or a permanent error). */
  onFailed?(ctx: C, jobs: JobRow[], error: string): Promise<void>;
}

export type JobHandlers<C> = Readonly<Record<string, JobHandler<C>>>;

/** What the work module needs of the context it runs jobs with. */
export interface WorkCtx<C> {
  db: Db;
  clock: Clock;
  log: Logger;
  config: { sync: { leaseSeconds: number; maxAttempts: number } };
  /** The context for one job: its log lines carry the job's id. */
  scoped(requestId: string, fields: Record<string, unknown>): C;
  /** Runs `fn` as the job's: its outbound calls carry `requestId`. */
  trace: RequestScope;
}
