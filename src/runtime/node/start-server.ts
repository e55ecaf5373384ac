import { serve, type ServerType } from '@hono/node-server';
import { releaseAllJobLeases } from '../../adapters/storage/jobs-repo';
import { releaseAllLinkLocks } from '../../adapters/storage/links-repo';
import { checkSetup } from '../../flows/setup/check-setup';
import { createApp } from '../../http/app';
import { consoleAssets } from './console-assets';
import { describeError } from '../../platform/log/logger';
import type { NodeRuntime } from './build-node-runtime';
import { closeGracefully } from './graceful-close';
import type { JobPump } from './job-pump';
import { startReconcileTimer } from './reconcile-timer';

/** The port is taken: one line that says which, and how to choose another. */
export class PortInUseError extends Error {
  constructor(readonly port: number) {
    super(
      `Port ${port} is already in use: stop whatever listens there, or set PORT to another port (e.g. PORT=8788 npm start)`,
    );
  }
}

export interface RunningServer {
  port: number;
  /** Stops intake (503), finishes or hands back the job in hand within `graceMs`, then closes. */
  close(graceMs?: number): Promise<{ handedBack: boolean }>;
}

/** Starts the HTTP server and the job pump (the runtime's dispatcher); resumes whatever was stored before a crash. */
export async function startServer(runtime: NodeRuntime, pump: JobPump, port: number): Promise<RunningServer> {
  const { database, ctx } = runtime;
  const { log } = ctx;
  if (database.embedded) {
    await releaseAllJobLeases(database.db);
    await releaseAllLinkLocks(database.db);
  }
  const syncing = ctx.missing.length === 0;

  logStartup(runtime);
  if (syncing) {
    // Report config/tracker mismatches at start, without refusing to serve: the tracker may be down.
    checkSetup(ctx).then(
      ({ problems, notes, gaps }) => {
        if (problems.length)
          log.error('config does not match Jira or the tracker', { problems, hint: 'run npm run cli -- check' });
        else log.info('config checked against Jira and the tracker', { notes });
        if (gaps.length)
          log.warn('mapping gaps: these fields are left unchanged', { gaps, hint: 'run npm run cli -- users' });
      },
      (err) => log.warn('could not check the config against Jira and the tracker', { error: describeError(err) }),
    );
  }

  let draining = false;
  const app = createApp(ctx, { isDraining: () => draining, consoleAssets: consoleAssets() });

  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port, hostname: '0.0.0.0' }, () => resolve(s));
    s.once('error', (err: NodeJS.ErrnoException) => {
      pump.stop().catch(() => undefined);
      reject(err.code === 'EADDRINUSE' ? new PortInUseError(port) : err);
    });
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  // Without credentials, jobs are stored and wait until the settings are there.
  if (syncing) pump.start(ctx);
  const reconciler = syncing ? startReconcileTimer(ctx) : null;
  log.info('bridge listening', { port: actualPort, webhook: `POST /webhooks/jira`, health: 'GET /health' });

  return {
    port: actualPort,
    close(graceMs = 8_000) {
      const startDraining = () => void (draining = true);
      return closeGracefully(
        {
          server,
          pump: syncing ? pump : null,
          stopTimers: () => reconciler?.stop(),
          database,
          logger: log,
          startDraining,
        },
        graceMs,
      );
    },
  };
}

function logStartup({ env, database, ctx }: NodeRuntime) {
  const { log, missing } = ctx;
  log.info('bridge starting', { database: database.description, tracker: ctx.tracker.kind });
  if (env.JIRA_WEBHOOK_SECRET) log.info('Jira deliveries must be signed (X-Hub-Signature)');
  else if (env.ALLOW_UNSIGNED_WEBHOOKS) {
    log.warn(
      '!!! UNSIGNED JIRA DELIVERIES ARE ACCEPTED: anyone who can reach this port can feed the bridge. Set JIRA_WEBHOOK_SECRET outside local experiments !!!',
    );
  } else
    log.warn(
      'JIRA_WEBHOOK_SECRET is not set: Jira deliveries are refused until it is (or ALLOW_UNSIGNED_WEBHOOKS=true for local experiments)',
    );
  if (!env.ADMIN_TOKEN) log.warn('ADMIN_TOKEN is not set: the admin API is disabled (the CLI still works)');
  if (missing.length) log.warn('sync is paused until these are set; deliveries are stored meanwhile', { missing });
}
