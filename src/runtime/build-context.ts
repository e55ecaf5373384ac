import { createJiraClient } from '../adapters/jira/jira-client';
import { createJiraReader } from '../adapters/jira/jira-reader';
import { createJiraWriter } from '../adapters/jira/jira-writer';
import { createSignatureVerifier } from '../adapters/jira/verify-signature';
import type { Db } from '../adapters/storage/database';
import type { Ctx, Jira } from '../flows/context';
import { jobHandlers } from './job-handlers';
import type { Clock } from '../platform/clock/clock';
import { missingJiraSettings, type BridgeEnv } from '../platform/config/env';
import type { BridgeConfig } from '../platform/config/schema';
import { unconfigured } from '../platform/errors/unconfigured';
import type { Logger } from '../platform/log/logger';
import { noRequestScope, type RequestScope } from '../platform/log/request-scope';
import { createRateLimiter } from '../platform/ratelimit/rate-limiter';
import type { RetryPolicy } from '../platform/retry/with-retry';
import { createWork, type Dispatcher } from '../work/work';
import { trackerFor, type RateLimiterFactory } from './trackers';

export interface ContextInput {
  env: BridgeEnv;
  /** The raw environment, for the tracker adapter's own settings. */
  rawEnv: Record<string, string | undefined>;
  config: BridgeConfig;
  db: Db;
  clock: Clock;
  log: Logger;
  /** How stored jobs get run: the Node pump, a Cloudflare Queue, or inline (CLI). */
  dispatcher: Dispatcher;
  trace?: RequestScope;
  retry?: RetryPolicy;
  timeoutMs?: number;
  /** One limiter per API and token; by default in memory (one process). */
  rateLimiter?: RateLimiterFactory;
  /** Stores intake that arrives together in one statement (one process, one connection: Node). */
  groupCommit?: boolean;
  /** Where new work is stored, if not `db`: on Node, ahead of the statements already waiting. */
  storeDb?: Db;
}

/**
 * The composition root both runtimes call: the Jira client and the tracker adapter the config
 * names, each behind one rate limiter, the work queue with every job handler, and the context
 * that carries them. Without credentials, intake still works and jobs wait.
 */
export function buildContext(input: ContextInput): Ctx {
  const { env, config, db, clock, log } = input;
  const trace = input.trace ?? noRequestScope;
  const requestId = () => trace.current();
  const plugin = trackerFor(config.tracker.kind);
  const rateLimiter: RateLimiterFactory = input.rateLimiter ?? ((_api, limits) => createRateLimiter(limits, clock));
  const tracker = plugin.create({
    rateLimiter,
    config,
    rawEnv: input.rawEnv,
    clock,
    requestId,
    retry: input.retry,
    timeoutMs: input.timeoutMs,
  });
  const missing = [...missingJiraSettings(env), ...plugin.missingSettings(input.rawEnv)];
  const ctx: Ctx = {
    db,
    config,
    clock,
    log,
    jira: buildJira(input, requestId, rateLimiter),
    tracker,
    secrets: {
      jiraWebhookSecret: env.JIRA_WEBHOOK_SECRET,
      jiraWebhookSecretPrevious: env.JIRA_WEBHOOK_SECRET_PREVIOUS,
      allowUnsignedWebhooks: env.ALLOW_UNSIGNED_WEBHOOKS,
      adminToken: env.ADMIN_TOKEN,
      verifyJiraSignature: env.JIRA_WEBHOOK_SECRET
        ? createSignatureVerifier(env.JIRA_WEBHOOK_SECRET, env.JIRA_WEBHOOK_SECRET_PREVIOUS)
        : null,
    },
    missing,
    trace,
    work: createWork({
      clock,
      handlers: jobHandlers,
      dispatcher: input.dispatcher,
      ctx: () => ctx,
      groupCommit: input.groupCommit ?? false,
      storeDb: input.storeDb,
    }),
    scoped: (requestId, fields) => scope(ctx, requestId, fields),
  };
  return ctx;
}

function scope(base: Ctx, requestId: string, fields: Record<string, unknown>): Ctx {
  const scoped: Ctx = {
    ...base,
    log: base.log.child({ requestId, ...fields }),
    scoped: (id, more) => scope(scoped, id, more),
  };
  return scoped;
}

function buildJira(
  { env, config, clock, retry, timeoutMs }: ContextInput,
  requestId: () => string | undefined,
  rateLimiter: RateLimiterFactory,
): Jira {
  if (!env.JIRA_BASE_URL || !env.JIRA_EMAIL || !env.JIRA_API_TOKEN) {
    return unconfigured<Jira>(missingJiraSettings(env).join(', '), 'Jira');
  }
  // One limiter per API and token, shared by everything this runtime sends.
  const limiter = rateLimiter('jira', { ...config.limits.jira, maxConcurrentWrites: 1 });
  const client = createJiraClient({
    baseUrl: env.JIRA_BASE_URL,
    email: env.JIRA_EMAIL,
    apiToken: env.JIRA_API_TOKEN,
    clock,
    limiter,
    requestId,
    ...(retry && { retry }),
    ...(timeoutMs && { timeoutMs }),
  });
  const reader = createJiraReader(client, {
    baseUrl: env.JIRA_BASE_URL,
    storyPointsNames: config.fields.storyPoints?.jiraFieldNames ?? [],
    customFields: config.fields.custom.map((entry) => entry.jira),
    referenceFieldName: config.autoLinkJiraField,
    clock,
  });
  return { ...reader, ...createJiraWriter(client) };
}
