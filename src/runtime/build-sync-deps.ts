import type { BridgeEnv } from '../platform/config/env';
import type { BridgeConfig } from '../platform/config/schema';
import { createJiraClient } from '../adapters/jira/jira-client';
import { createJiraReader } from '../adapters/jira/jira-reader';
import { createJiraWriter } from '../adapters/jira/jira-writer';
import type { Clock } from '../platform/clock/clock';
import type { Logger } from '../platform/log/logger';
import { createRateLimiter, type LimiterTime } from '../platform/ratelimit/rate-limiter';
import type { RetryPolicy } from '../platform/retry/with-retry';
import type { Db } from '../adapters/storage/database';
import type { SyncDeps } from '../flows/sync/sync-deps';
import { createAsanaApi } from '../adapters/tracker/asana/asana-client';
import { createAsanaTracker } from '../adapters/tracker/asana/asana-tracker';

/** Builds the Jira reader and the tracker from settings; null when credentials are missing. */
export function buildSyncDeps(
  env: BridgeEnv,
  config: BridgeConfig,
  db: Db,
  clock: Clock,
  logger: Logger,
  options: { retry?: RetryPolicy; limiterTime?: LimiterTime; timeoutMs?: number } = {},
): SyncDeps | null {
  if (!env.JIRA_BASE_URL || !env.JIRA_EMAIL || !env.JIRA_API_TOKEN || !env.ASANA_ACCESS_TOKEN) return null;
  // One limiter per API and token, shared by everything this runtime sends.
  const { limiterTime, ...clientOptions } = options;
  const jiraLimiter = createRateLimiter({ ...config.limits.jira, maxConcurrentWrites: 1 }, limiterTime);
  const asanaLimiter = createRateLimiter(config.limits.asana, limiterTime);
  const jiraClient = createJiraClient({ baseUrl: env.JIRA_BASE_URL, email: env.JIRA_EMAIL, apiToken: env.JIRA_API_TOKEN, clock, limiter: jiraLimiter, ...clientOptions });
  const jira = createJiraReader(jiraClient, { baseUrl: env.JIRA_BASE_URL, storyPointsNames: config.fields.storyPoints?.jiraFieldNames ?? [], referenceFieldName: config.autoLinkJiraField, clock });
  const jiraWriter = createJiraWriter(jiraClient);
  const api = createAsanaApi({ baseUrl: env.ASANA_BASE_URL, accessToken: env.ASANA_ACCESS_TOKEN, clock, limiter: asanaLimiter, ...(options.timeoutMs && { timeoutMs: options.timeoutMs }) });
  const tracker = createAsanaTracker({ api, projectGid: config.tracker.projectGid, clock, ...clientOptions });
  return { db, config, jira, jiraWriter, tracker, clock, logger };
}
