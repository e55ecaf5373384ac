/** A message on the bridge's queue: an inbox row to process, or a held notice to send. */
export type BridgeJob = { deliveryId: number } | { noticeId: number } | { trackerEventId: number };

/** What a delivery that could not be applied leaves on the dead-letter queue. */
export interface DeadLetterMessage {
  deliveryId: number;
  deliveryKey: string;
  issueKey: string;
  error: string;
}

/** Bindings, vars and secrets of the Worker (see wrangler.toml). */
export interface WorkerEnv {
  DB: D1Database;
  DELIVERIES: Queue<BridgeJob>;
  DEAD_LETTERS: Queue<DeadLetterMessage>;
  /** Optional: a Turso / remote libSQL database instead of D1. */
  DATABASE_URL?: string;
  DATABASE_AUTH_TOKEN?: string;
  JIRA_BASE_URL?: string;
  JIRA_EMAIL?: string;
  JIRA_API_TOKEN?: string;
  JIRA_WEBHOOK_SECRET?: string;
  ALLOW_UNSIGNED_WEBHOOKS?: string;
  ASANA_ACCESS_TOKEN?: string;
  ASANA_BASE_URL?: string;
  ADMIN_TOKEN?: string;
  /** Optional: the whole mapping config as JSON, replacing the bundled config/bridge.config.json. */
  BRIDGE_CONFIG_JSON?: string;
}
