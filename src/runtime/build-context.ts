import { createJiraClient } from '../adapters/jira/jira-client';
import { createJiraReader } from '../adapters/jira/jira-reader';
import { createJiraWriter } from '../adapters/jira/jira-writer';
import { createJiraComments } from '../adapters/jira/jira-comments';
import { createJiraStatusHistory } from '../adapters/jira/status-history';
import { createSignatureVerifier } from '../adapters/jira/verify-signature';
import type { Db } from '../adapters/storage/database';
import type { Ctx, Jira } from '../flows/context';
import { jobHandlers } from './job-handlers';
import type { Clock } from '../platform/clock/clock';
import { missingJiraSettings, type BridgeEnv } from '../platform/config/env';
import type { BridgeConfig } from '../platform/config/schema';
import { unconfigured } from '../platform/errors/unconfigured';
import { NotFoundError } from '../platform/errors/app-errors';
import { mappingViews } from '../platform/config/normalize-mappings';
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
  const limiters = oneLimiterPerApi(input.rateLimiter ?? ((_api, limits) => createRateLimiter(limits, clock)));
  const rateLimiter = limiters.limiterOf;
  // One adapter per mapping (its tracker project), all behind the one limiter of the token.
  const views = mappingViews(config);
  const trackers = new Map(
    views.map((view) => [
      view.name,
      plugin.create({
        rateLimiter,
        config: view,
        rawEnv: input.rawEnv,
        clock,
        requestId,
        retry: input.retry,
        timeoutMs: input.timeoutMs,
      }),
    ]),
  );
  const mappingPatch = (name: string): Pick<Ctx, 'config' | 'tracker' | 'mapping'> => {
    const view = views.find((v) => v.name === name);
    if (!view)
      throw new NotFoundError(`No mapping "${name}" (the config has ${views.map((v) => `"${v.name}"`).join(', ')})`);
    return { config: view, tracker: trackers.get(name)!, mapping: name };
  };
  const missing = [...missingJiraSettings(env), ...plugin.missingSettings(input.rawEnv)];
  const ctx: Ctx = derive(
    {
      db,
      ...mappingPatch(config.name),
      mappingNames: views.map((v) => v.name),
      clock,
      log,
      jira: buildJira(input, views, requestId, rateLimiter),
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
      rateBudgets: limiters.usage,
      work: createWork({
        clock,
        handlers: jobHandlers,
        dispatcher: input.dispatcher,
        ctx: () => ctx,
        groupCommit: input.groupCommit ?? false,
        storeDb: input.storeDb,
      }),
    },
    mappingPatch,
  );
  return ctx;
}

/** A context with `patch` applied, whose `scoped` and `inMapping` derive from it in turn. */
function derive(
  base: Omit<Ctx, 'scoped' | 'inMapping'>,
  mappingPatch: (name: string) => Pick<Ctx, 'config' | 'tracker' | 'mapping'>,
  patch: Partial<Ctx> = {},
): Ctx {
  const next = { ...base, ...patch } as Ctx;
  next.scoped = (requestId, fields) => derive(next, mappingPatch, { log: next.log.child({ requestId, ...fields }) });
  next.inMapping = (name) => (name === next.mapping ? next : derive(next, mappingPatch, mappingPatch(name)));
  return next;
}

/** The runtime's factory, called once per API: every mapping's adapter shares its token's budget. */
function oneLimiterPerApi(factory: RateLimiterFactory) {
  const built = new Map<string, ReturnType<RateLimiterFactory>>();
  const limiterOf: RateLimiterFactory = (api, limits) => {
    if (!built.has(api)) built.set(api, factory(api, limits));
    return built.get(api)!;
  };
  const usage = () => Promise.all([...built].map(async ([api, limiter]) => ({ api, ...(await limiter.usage()) })));
  return { limiterOf, usage };
}

function buildJira(
  { env, config, clock, retry, timeoutMs }: ContextInput,
  views: BridgeConfig[],
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
    // One read of an issue serves every mapping: it asks for the fields any of them maps.
    storyPointsNames: [...new Set(views.flatMap((v) => v.fields.storyPoints?.jiraFieldNames ?? []))],
    customFields: [...new Set(views.flatMap((v) => v.fields.custom.map((entry) => entry.jira)))],
    referenceFieldName: config.autoLinkJiraField,
    clock,
  });
  const writer = createJiraWriter(client);
  return {
    ...reader,
    ...writer,
    ...createJiraComments(client, writer.myAccountId),
    ...createJiraStatusHistory(client, clock),
  };
}
