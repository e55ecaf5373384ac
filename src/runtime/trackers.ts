// The trackers the bridge can sync to. Adding one: write its adapter under
// src/adapters/tracker/<kind>/ and register it here; nothing else names it.
import {
  asanaEnvSchema,
  asanaLimitsSchema,
  asanaSectionSchema,
  createAsanaAdapter,
} from '../adapters/tracker/asana/asana-adapter';
import type { TrackerAdapter } from '../adapters/tracker/tracker';
import type { Clock } from '../platform/clock/clock';
import { formatIssues, parseConfigWith } from '../platform/config/parse-config';
import type { BridgeConfig, TrackerConfigSpec } from '../platform/config/schema';
import { ConfigError } from '../platform/errors/app-errors';
import type { RateLimiter, RateLimits } from '../platform/ratelimit/rate-limiter';
import type { RetryPolicy } from '../platform/retry/with-retry';

export interface TrackerBuildInput {
  config: BridgeConfig;
  rawEnv: Record<string, string | undefined>;
  clock: Clock;
  requestId: () => string | undefined;
  retry?: RetryPolicy | undefined;
  timeoutMs?: number | undefined;
  /** The limiter for an API's token: in memory on Node, a Durable Object's budget on Workers. */
  rateLimiter: RateLimiterFactory;
}

/** Builds the one limiter an API's token gets in this runtime (`api`: "jira" or the tracker's kind). */
export type RateLimiterFactory = (api: string, limits: RateLimits) => RateLimiter;

interface TrackerPlugin extends TrackerConfigSpec {
  /** The settings it needs to reach the tracker that are not set. */
  missingSettings(rawEnv: Record<string, string | undefined>): string[];
  create(input: TrackerBuildInput): TrackerAdapter;
}

const asana: TrackerPlugin = {
  kind: 'asana',
  section: asanaSectionSchema,
  limits: asanaLimitsSchema,
  missingSettings: (rawEnv) => (rawEnv.ASANA_ACCESS_TOKEN?.trim() ? [] : ['ASANA_ACCESS_TOKEN']),
  create({ config, rawEnv, clock, requestId, retry, timeoutMs, rateLimiter }) {
    const env = asanaEnvSchema.safeParse(rawEnv);
    if (!env.success) throw new ConfigError('environment', formatIssues(env.error.issues));
    // One limiter per API and token, shared by everything this runtime sends.
    const limiter = rateLimiter('asana', config.limits.asana as RateLimits);
    return createAsanaAdapter({
      section: asanaSectionSchema.parse(config.tracker),
      env: env.data,
      clock,
      limiter,
      requestId,
      ...(retry && { retry }),
      ...(timeoutMs && { timeoutMs }),
    });
  },
};

const plugins: readonly TrackerPlugin[] = [asana];

/** The config file's schema with every tracker's section: a bad config fails with every problem named. */
export function parseConfig(input: unknown, source = 'config'): BridgeConfig {
  return parseConfigWith(plugins, input, source);
}

/** The adapter the config's `tracker.kind` names. */
export function trackerFor(kind: string): TrackerPlugin {
  const plugin = plugins.find((p) => p.kind === kind);
  if (!plugin)
    throw new ConfigError('config', [
      `tracker.kind: no tracker "${kind}" (known: ${plugins.map((p) => p.kind).join(', ')})`,
    ]);
  return plugin;
}
