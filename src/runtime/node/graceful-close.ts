import type { ServerType } from '@hono/node-server';
import type { Server } from 'node:http';
import type { Logger } from '../../platform/log/logger';
import { releaseAllJobLeases } from '../../adapters/storage/jobs-repo';
import { releaseAllLinkLocks } from '../../adapters/storage/links-repo';
import type { OpenedDatabase } from './open-database';
import type { JobPump } from './job-pump';

export interface ClosingParts {
  server: ServerType;
  pump: JobPump | null;
  stopTimers: () => void;
  database: OpenedDatabase;
  logger: Logger;
  /** Set first: from then on every request is answered 503 with Retry-After (see app.ts). */
  startDraining: () => void;
}

const sleep = (ms: number) => new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ms).unref());

/**
 * Stops in an order that loses nothing: intake first (503 + Retry-After, so Jira redelivers),
 * then the job in hand is finished, or handed back when it overruns `graceMs` (its lease is
 * released, so the next start takes it over; its write was claimed before it began), then open
 * connections are closed and the database last.
 */
export async function closeGracefully(parts: ClosingParts, graceMs: number): Promise<{ handedBack: boolean }> {
  const { server, pump, database, logger } = parts;
  parts.startDraining();
  parts.stopTimers();
  const finished =
    (await Promise.race([
      pump?.stop().then(() => 'done' as const) ?? Promise.resolve('done' as const),
      sleep(graceMs),
    ])) === 'done';
  if (!finished) {
    logger.warn('the job in hand did not finish within the grace period: handing it back', { graceMs });
    if (database.embedded) {
      // Only this process uses an embedded file: every lease is ours to give back.
      await releaseAllJobLeases(database.db);
      await releaseAllLinkLocks(database.db);
    }
  }
  const http = server as Server;
  const closed = new Promise<void>((resolve) => http.close(() => resolve()));
  http.closeIdleConnections?.();
  if ((await Promise.race([closed.then(() => 'closed' as const), sleep(1_000)])) === 'timeout')
    http.closeAllConnections?.();
  await database.close();
  return { handedBack: !finished };
}
