import type { Db } from '../adapters/storage/database';
import type { JiraReader } from '../adapters/jira/jira-reader';
import type { SignatureVerifier } from '../adapters/jira/verify-signature';
import type { JiraWriter } from '../adapters/jira/jira-writer';
import type { JiraComments } from '../adapters/jira/jira-comments';
import type { JiraStatusHistory } from '../adapters/jira/status-history';
import type { TrackerAdapter } from '../adapters/tracker/tracker';
import type { BridgeConfig } from '../platform/config/schema';
import type { Clock } from '../platform/clock/clock';
import { NotConfiguredError } from '../platform/errors/app-errors';
import type { Logger } from '../platform/log/logger';
import type { BudgetUsage } from '../platform/ratelimit/rate-limiter';
import type { RequestScope } from '../platform/log/request-scope';
import type { Work } from '../work/work';

/** Jira as the bridge uses it: reads for syncing, writes for committing requests and relaying comments. */
export type Jira = JiraReader & JiraWriter & JiraComments & JiraStatusHistory;

export interface Secrets {
  jiraWebhookSecret?: string | undefined;
  /** During a rotation, the old secret: deliveries signed with it are still accepted. */
  jiraWebhookSecretPrevious?: string | undefined;
  /** Accept unsigned Jira deliveries when no secret is set: for local experiments only. */
  allowUnsignedWebhooks: boolean;
  adminToken?: string | undefined;
  /** Checks `X-Hub-Signature` against the secret (and the previous one); null without a secret. Built once. */
  verifyJiraSignature: SignatureVerifier | null;
}

/**
 * Everything a flow needs, built once per runtime by `buildContext` and passed down; nothing is
 * global. A job runs with a scoped copy whose logger carries the job's id. `config` and `tracker`
 * are one mapping's (the first, unless `inMapping` picked another); the rest is the deployment's.
 */
export interface Ctx {
  db: Db;
  /** The deployment's settings with this mapping's scope, tracker project, fields, notices and commits. */
  config: BridgeConfig;
  /** This context's mapping, by name. */
  mapping: string;
  /** Every mapping's name, the first (the top-level one) first. */
  mappingNames: readonly string[];
  /** This context for another mapping: its config and its tracker project. NotFoundError for an unknown name. */
  inMapping(name: string): Ctx;
  clock: Clock;
  log: Logger;
  jira: Jira;
  tracker: TrackerAdapter;
  work: Work;
  secrets: Secrets;
  /** Settings sync still needs (jobs wait in the queue meanwhile); empty when it runs. */
  missing: string[];
  trace: RequestScope;
  /** Each upstream API's request budget in use now ("jira", the tracker's kind). */
  rateBudgets(): Promise<Array<{ api: string } & BudgetUsage>>;
  /** This context for one job or request: its log lines carry `fields`, its outbound calls `requestId`. */
  scoped(requestId: string, fields: Record<string, unknown>): Ctx;
}

/** Flows that talk to Jira or the tracker refuse to start while their credentials are missing. */
export function requireCredentials(ctx: Pick<Ctx, 'missing'>, what: string): void {
  if (ctx.missing.length)
    throw new NotConfiguredError(`${what} needs Jira and tracker credentials: set ${ctx.missing.join(', ')}`);
}
