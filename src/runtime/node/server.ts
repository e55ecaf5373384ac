// Node entry: `npm start`. Serves the bridge on PORT (default 8787) with the embedded libSQL file.
import { systemClock } from '../../platform/clock/clock';
import { createJsonLogger, describeError } from '../../platform/log/logger';
import { parseEnv } from '../../platform/config/env';
import { buildNodeRuntime } from './build-node-runtime';
import { PortInUseError, startServer } from './start-server';

let logger = createJsonLogger();
try {
  logger = createJsonLogger(undefined, undefined, parseEnv(process.env).LOG_LEVEL);
  const runtime = await buildNodeRuntime(process.env, systemClock, logger);
  const server = await startServer(runtime, systemClock, logger, runtime.env.PORT);
  const shutdown = (signal: string) => {
    logger.info('bridge stopping', { signal, graceSeconds: runtime.env.SHUTDOWN_GRACE_SECONDS });
    server.close(runtime.env.SHUTDOWN_GRACE_SECONDS * 1000).then(
      ({ handedBack }) => {
        logger.info('bridge stopped', { handedBack });
        // Exit once the last log line is out.
        process.stdout.write('', () => process.exit(0));
      },
      (err) => {
        logger.error('bridge failed to stop cleanly', { error: describeError(err) });
        process.stdout.write('', () => process.exit(1));
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
} catch (err) {
  // Config errors list every bad path; print them readably, not only as JSON.
  console.error(err instanceof PortInUseError ? err.message : describeError(err));
  logger.error('bridge failed to start', { error: describeError(err) });
  process.exit(1);
}
