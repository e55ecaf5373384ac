import type { BridgeConfig } from '../config/schema';
import type { JiraReader } from '../jira/jira-reader';
import type { JiraWriter } from '../jira/jira-writer';
import type { Clock } from '../observability/clock';
import type { Logger } from '../observability/logger';
import type { Db } from '../storage/database';
import type { Tracker } from '../tracker/tracker';

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
