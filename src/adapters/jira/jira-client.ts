import { BaseClient } from 'jira.js';
import {
  IssueComments,
  IssueFields,
  IssueRemoteLinks,
  IssueSearch,
  Issues,
  Myself,
  UserSearch,
  WorkflowStatuses,
} from 'jira.js/version3';
import type { Clock } from '../../platform/clock/clock';
import type { RateLimiter } from '../../platform/ratelimit/rate-limiter';
import type { RetryDecision } from '../../platform/retry/classify';
import { classifyFailure, wasRejectedUnapplied } from '../../platform/retry/classify';
import { defaultRetryPolicy, withRetry, type RetryPolicy } from '../../platform/retry/with-retry';
import { toJiraUpstreamError } from './jira-errors';

export interface JiraClientOptions {
  baseUrl: string;
  email: string;
  apiToken: string;
  clock: Clock;
  timeoutMs?: number;
  retry?: RetryPolicy;
  /** Keeps the bridge within Jira's burst limits; a 429 pauses every request. */
  limiter?: RateLimiter;
  /** The id of the job or request in hand, sent as `X-Request-Id` so both sides' logs can be joined. */
  requestId?: () => string | undefined;
}

/**
 * The groups of Jira's REST API v3 the bridge calls, as jira.js's own classes. jira.js's
 * Version3Client builds all of its eighty-odd groups, so a bundle (the Worker's) would carry
 * every one; this client carries these alone.
 */
export class JiraApiClient extends BaseClient {
  readonly issues = new Issues(this);
  readonly issueComments = new IssueComments(this);
  readonly issueFields = new IssueFields(this);
  readonly issueRemoteLinks = new IssueRemoteLinks(this);
  readonly issueSearch = new IssueSearch(this);
  readonly myself = new Myself(this);
  readonly userSearch = new UserSearch(this);
  readonly workflowStatuses = new WorkflowStatuses(this);
}

/** A jira.js call, rate-limited, its errors made UpstreamErrors, retried by the given rule. */
export type JiraCall = <T>(
  action: string,
  kind: 'read' | 'write',
  fn: () => Promise<T>,
  retryRule?: 'idempotent' | 'only-if-rejected',
) => Promise<T>;

/** The jira.js client (basic auth with an API token) and the one way the bridge calls it. */
export function createJiraClient(options: JiraClientOptions): { client: JiraApiClient; call: JiraCall } {
  const client = new JiraApiClient({
    host: options.baseUrl,
    authentication: { basic: { email: options.email, apiToken: options.apiToken } },
    // axios' fetch adapter: the same code path on Node and in workerd (no node:http). Its fetch
    // is looked up per request, and tags each with the request id of the job in hand.
    baseRequestConfig: {
      timeout: options.timeoutMs ?? 10_000,
      adapter: 'fetch',
      env: {
        fetch: (input: RequestInfo | URL, init?: RequestInit) => {
          const requestId = options.requestId?.();
          if (!requestId) return globalThis.fetch(input, init);
          const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
          headers.set('X-Request-Id', requestId);
          return globalThis.fetch(input, { ...init, headers });
        },
      },
    },
  });
  const policy = options.retry ?? defaultRetryPolicy;
  const call: JiraCall = (action, kind, fn, retryRule = 'idempotent') => {
    const classify: (err: unknown) => RetryDecision =
      retryRule === 'idempotent' ? classifyFailure : wasRejectedUnapplied;
    return withRetry(
      async () => {
        try {
          return await (options.limiter ? options.limiter.schedule(kind, fn) : fn());
        } catch (err) {
          const failure = toJiraUpstreamError(err, action, options.clock.now());
          if (failure.failure.upstreamStatus === 429) options.limiter?.pause(failure.failure.retryAfterMs ?? 1_000);
          throw failure;
        }
      },
      options.clock,
      policy,
      classify,
    );
  };
  return { client, call };
}
