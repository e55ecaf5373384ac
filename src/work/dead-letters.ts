import { discardFailedJob, replayFailedJobs } from '../adapters/storage/jobs-admin-repo';
import type { JobRow } from '../adapters/storage/schema';
import { NotFoundError } from '../platform/errors/app-errors';
import type { Clock } from '../platform/clock/clock';
import type { Logger } from '../platform/log/logger';
import type { Db } from '../adapters/storage/database';
import type { Work } from './work';

interface Deps {
  db: Db;
  clock: Clock;
  log: Logger;
  work: Work;
}

/** Gives failed jobs (of `kind`, the given ones or all) fresh attempts and dispatches them. */
export async function replayJobs(deps: Deps, kind: string | undefined, ids?: number[]): Promise<number[]> {
  const replayed = await replayFailedJobs(deps.db, deps.clock.now(), kind, ids);
  if (ids && replayed.length === 0)
    throw new NotFoundError(`No failed ${kind ? `${kind} job` : 'job'} ${ids.join(', ')}`);
  await deps.work.wake(replayed);
  const replayedIds = replayed.map((r) => r.id);
  deps.log.info('jobs replayed', { kind: kind ?? 'any', ids: replayedIds });
  return replayedIds;
}

/** Drops a failed job for good. */
export async function discardJob(
  deps: Pick<Deps, 'db' | 'log'>,
  kind: string | undefined,
  id: number,
): Promise<number> {
  if (!(await discardFailedJob(deps.db, id, kind)))
    throw new NotFoundError(`No failed job ${id} (only failed jobs can be discarded)`);
  deps.log.info('job discarded', { kind: kind ?? 'any', id });
  return id;
}

export const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * When a job runs, as the admin API shows it: a carried job (one of a burst) has no time of its
 * own and names the later job it runs with.
 */
export const whenItRuns = (row: JobRow) => ({
  nextAttemptAt: row.status === 'pending' && row.carriedBy === null ? iso(row.runAt) : null,
  runsWith: row.carriedBy,
});

/** A job as the admin API and CLI show it. */
export function publicJob(row: JobRow) {
  return {
    id: row.id,
    kind: row.kind,
    key: row.key,
    status: row.status,
    attempts: row.attempts,
    outcome: row.outcome,
    lastError: row.lastError,
    createdAt: iso(row.createdAt),
    ...whenItRuns(row),
    finishedAt: iso(row.finishedAt),
    payload: row.payload,
  };
}
