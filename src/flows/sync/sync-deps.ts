import type { BridgeConfig } from '../../platform/config/schema';
import type { JiraReader } from '../../adapters/jira/jira-reader';
import type { JiraWriter } from '../../adapters/jira/jira-writer';
import type { Clock } from '../../platform/clock/clock';
import type { Logger } from '../../platform/log/logger';
import type { Db } from '../../adapters/storage/database';
import type { Tracker } from '../../adapters/tracker/tracker';

/** What syncing needs, built by a runtime entry and passed down; nothing is global. */
export interface SyncDeps {
  db: Db;
  config: BridgeConfig;
  jira: JiraReader;
  /** Jira writes, for committing requests (creating issues) only; syncing never writes to Jira. */
  jiraWriter: JiraWriter;
  tracker: Tracker;
  clock: Clock;
  logger: Logger;
}
