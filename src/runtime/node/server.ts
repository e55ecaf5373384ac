// Node entry: `npm start`. Serves the bridge on PORT (default 8787) with the embedded libSQL file.
import { systemClock } from '../../platform/clock/clock';
import { parseEnv } from '../../platform/config/env';
import { createJsonLogger, describeError } from '../../platform/log/logger';
import { batchedStdout } from './batched-stdout';
import { buildNodeRuntime } from './build-node-runtime';
import { createJobPump } from './job-pump';
import { PortInUseError, startServer } from './start-server';

const stdout = batchedStdout();
let logger = createJsonLogger(stdout.sink);
try {
  logger = createJsonLogger(stdout.sink, systemClock, parseEnv(process.env).LOG_LEVEL);
  const pump = createJobPump();
  const runtime = await buildNodeRuntime(process.env, systemClock, logger, pump);
  const server = await startServer(runtime, pump, runtime.env.PORT);
  const shutdown = (signal: string) => {
    logger.info('bridge stopping', { signal, graceSeconds: runtime.env.SHUTDOWN_GRACE_SECONDS });
    server.close(runtime.env.SHUTDOWN_GRACE_SECONDS * 1000).then(
      ({ handedBack }) => {
        logger.info('bridge stopped', { handedBack });
        // Exit once the last log line is out.
        stdout.flush();
        process.stdout.write('', () => process.exit(0));
      },
      (err) => {
        logger.error('bridge failed to stop cleanly', { error: describeError(err) });
        stdout.flush();
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
