import type { BridgeConfig } from '../platform/config/schema';
import type { SyncScheduler } from '../work/scheduler';
import type { Clock } from '../platform/clock/clock';
import type { Logger } from '../platform/log/logger';
import type { Db } from '../adapters/storage/database';
import type { SyncDeps } from '../flows/sync/sync-deps';

/** Everything the HTTP app needs, built by a runtime entry (Node or Workers). */
export interface AppDeps {
  db: Db;
  config: BridgeConfig;
  clock: Clock;
  logger: Logger;
  scheduler: SyncScheduler;
  security: {
    jiraWebhookSecret?: string | undefined;
    /** During a rotation, the old secret: deliveries signed with it are still accepted. */
    jiraWebhookSecretPrevious?: string | undefined;
    /** Accept unsigned Jira deliveries when no secret is set: for local experiments only. */
    allowUnsignedWebhooks: boolean;
    adminToken?: string | undefined;
  };
  /** Null while Jira or tracker credentials are missing: deliveries are stored, not yet synced. */
  sync: SyncDeps | null;
  /** Why sync is paused, for /health; empty when it runs. */
  missingSettings: string[];
  /** True once the process is stopping: every request is answered 503 with Retry-After. */
  isDraining?: () => boolean;
}
