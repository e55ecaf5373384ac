import { serve, type ServerType } from '@hono/node-server';
import { createApp } from '../../http/app';
import type { SyncScheduler } from '../../work/scheduler';
import type { Clock } from '../../platform/clock/clock';
import { describeError, type Logger } from '../../platform/log/logger';
import { releaseAllLeases } from '../../adapters/storage/deliveries-repo';
import { releaseAllLinkLocks } from '../../adapters/storage/links-repo';
import { releaseAllNoticeLeases } from '../../adapters/storage/notices-repo';
import { checkSetup } from '../../flows/setup/check-setup';
import type { NodeRuntime } from './build-node-runtime';
import { closeGracefully } from './graceful-close';
import { createInboxPump, type InboxPump } from './inbox-pump';
import { startReconcileTimer } from './reconcile-timer';

/** The port is taken: one line that says which, and how to choose another. */
export class PortInUseError extends Error {
  constructor(readonly port: number) {
    super(`Port ${port} is already in use: stop whatever listens there, or set PORT to another port (e.g. PORT=8788 npm start)`);
  }
}

export interface RunningServer {
  port: number;
  /** Stops intake (503), finishes or hands back the job in hand within `graceMs`, then closes. */
  close(graceMs?: number): Promise<{ handedBack: boolean }>;
}

/** Starts the HTTP server and the inbox worker; resumes whatever was stored before a crash. */
export async function startServer(runtime: NodeRuntime, clock: Clock, logger: Logger, port: number): Promise<RunningServer> {
  const { env, config, database, sync, missingSettings } = runtime;
  if (database.embedded) {
    await releaseAllLeases(database.db);
    await releaseAllLinkLocks(database.db);
    await releaseAllNoticeLeases(database.db);
  }
  const pump: InboxPump | null = sync ? createInboxPump(sync, logger) : null;
  const scheduler: SyncScheduler = pump ?? { notify() {}, runNow: async () => {}, notifyTrackerEvent() {} };

  logStartup(runtime, logger);
  if (sync) {
    // Report config/tracker mismatches at start, without refusing to serve: Asana may be down.
    checkSetup(sync).then(
      ({ problems, notes, gaps }) => {
        if (problems.length) logger.error('config does not match Jira or Asana', { problems, hint: 'run npm run cli -- check' });
        else logger.info('config checked against Jira and Asana', { notes });
        if (gaps.length) logger.warn('mapping gaps: these fields are left unchanged', { gaps, hint: 'run npm run cli -- users' });
      },
      (err) => logger.warn('could not check the config against Jira and Asana', { error: describeError(err) }),
    );
  }

  let draining = false;
  const app = createApp({
    db: database.db,
    config,
    clock,
    logger,
    scheduler,
    security: { jiraWebhookSecret: env.JIRA_WEBHOOK_SECRET, jiraWebhookSecretPrevious: env.JIRA_WEBHOOK_SECRET_PREVIOUS, allowUnsignedWebhooks: env.ALLOW_UNSIGNED_WEBHOOKS, adminToken: env.ADMIN_TOKEN },
    sync,
    missingSettings,
    isDraining: () => draining,
  });

  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port, hostname: '0.0.0.0' }, () => resolve(s));
    s.once('error', (err: NodeJS.ErrnoException) => {
      pump?.stop().catch(() => undefined);
      reject(err.code === 'EADDRINUSE' ? new PortInUseError(port) : err);
    });
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  pump?.start();
  const reconciler = sync && pump ? startReconcileTimer(sync, pump, logger) : null;
  logger.info('bridge listening', { port: actualPort, webhook: `POST /webhooks/jira`, health: 'GET /health' });

  return {
    port: actualPort,
    close(graceMs = 8_000) {
      const startDraining = () => void (draining = true);
      return closeGracefully({ server, pump, stopTimers: () => reconciler?.stop(), database, logger, startDraining }, graceMs);
    },
  };
}

function logStartup({ env, database, missingSettings }: NodeRuntime, logger: Logger) {
  logger.info('bridge starting', { database: database.description });
  if (env.JIRA_WEBHOOK_SECRET) logger.info('Jira deliveries must be signed (X-Hub-Signature)');
  else if (env.ALLOW_UNSIGNED_WEBHOOKS) {
    logger.warn('!!! UNSIGNED JIRA DELIVERIES ARE ACCEPTED: anyone who can reach this port can feed the bridge. Set JIRA_WEBHOOK_SECRET outside local experiments !!!');
  } else logger.warn('JIRA_WEBHOOK_SECRET is not set: Jira deliveries are refused until it is (or ALLOW_UNSIGNED_WEBHOOKS=true for local experiments)');
  if (!env.ADMIN_TOKEN) logger.warn('ADMIN_TOKEN is not set: the admin API is disabled (the CLI still works)');
  if (missingSettings.length) {
    logger.warn('sync is paused until these are set; deliveries are stored meanwhile', { missing: missingSettings });
  }
}
