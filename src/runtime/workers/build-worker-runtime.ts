import type { Ctx } from '../../flows/context';
import type { Clock } from '../../platform/clock/clock';
import { parseEnv } from '../../platform/config/env';
import { parseJsonc } from '../../platform/config/parse-jsonc';
import { createJsonLogger, describeError } from '../../platform/log/logger';
import type { Dispatcher } from '../../work/work';
import { createAsyncRequestScope } from '../async-request-scope';
import { buildContext } from '../build-context';
import { parseConfig } from '../trackers';
import bundledConfig from './generated/bundled-config';
import { openWorkerDatabase } from './open-worker-database';
import { sharedRateLimiter, tokenFingerprint } from './shared-rate-limiter';
import type { JobMessage, WorkerEnv } from './worker-env';

/** Queues delay a message by at most 12 hours. */
const MAX_DELAY_SECONDS = 12 * 60 * 60;

export const delaySecondsUntil = (at: number, now: number) =>
  Math.min(MAX_DELAY_SECONDS, Math.max(0, Math.ceil((at - now) / 1000)));

/**
 * Builds the bridge from the Worker's bindings, per invocation: cheap (no I/O), and nothing
 * outlives the request or batch. A bad config fails here with the same messages as on Node.
 */
export function buildWorkerRuntime(bindings: WorkerEnv, clock: Clock): Ctx {
  const { DB, DELIVERIES, DEAD_LETTERS: _d, RATE_BUDGET, ASSETS: _a, BRIDGE_CONFIG_JSON, ...vars } = bindings;
  const rawEnv = vars as Record<string, string | undefined>;
  const env = parseEnv(rawEnv);
  const config = parseConfig(
    BRIDGE_CONFIG_JSON ? parseJsonc(BRIDGE_CONFIG_JSON, 'BRIDGE_CONFIG_JSON') : bundledConfig,
    BRIDGE_CONFIG_JSON ? 'BRIDGE_CONFIG_JSON' : 'config/bridge.config.json (bundled)',
  );
  const log = createJsonLogger(undefined, clock, env.LOG_LEVEL);
  return buildContext({
    env,
    rawEnv,
    config,
    db: openWorkerDatabase(DB, env),
    clock,
    log,
    dispatcher: queueDispatcher(DELIVERIES, clock, log),
    trace: createAsyncRequestScope(),
    // Every invocation shares one budget per token, kept by a Durable Object.
    rateLimiter: (api, limits) =>
      sharedRateLimiter({
        namespace: RATE_BUDGET,
        budgetName: () => tokenFingerprint(api, credentialOf(api, rawEnv)),
        limits,
        clock,
        log,
      }),
  });
}

/** What identifies the token whose budget an API's requests spend. */
function credentialOf(api: string, rawEnv: Record<string, string | undefined>): string {
  if (api === 'jira') return `${rawEnv.JIRA_BASE_URL} ${rawEnv.JIRA_EMAIL} ${rawEnv.JIRA_API_TOKEN}`;
  if (api === 'asana') return rawEnv.ASANA_ACCESS_TOKEN ?? '';
  throw new Error(`no credential known for the rate budget of "${api}"`);
}

/** Cloudflare Queues as the work queue's dispatcher: one message per job, delayed until it is due. */
function queueDispatcher(queue: Queue<JobMessage>, clock: Clock, log: Ctx['log']): Dispatcher {
  return {
    async dispatch(jobs, at) {
      const delaySeconds = delaySecondsUntil(at, clock.now());
      try {
        await queue.sendBatch(jobs.map((job) => ({ body: { jobId: job.id }, delaySeconds })));
      } catch (err) {
        // The job is stored: the cron sweep finds it and sends it again.
        log.warn('enqueue failed; the cron sweep will pick the job up', {
          jobIds: jobs.map((j) => j.id),
          error: describeError(err),
        });
      }
    },
  };
}
