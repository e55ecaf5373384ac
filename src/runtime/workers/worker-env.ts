/** A message on the bridge's queue: a job to run (a delivery, a tracker event, a notice). */
export interface JobMessage {
  jobId: number;
}

/** What a job that could not be done leaves on the dead-letter queue. */
export interface DeadLetterMessage {
  jobId: number;
  kind: string;
  key: string;
  error: string;
}

/** Secrets (`wrangler secret put`) and optional vars: wrangler.toml does not declare them, nor `wrangler types`. */
type SecretsAndOptionalVars = Partial<
  Record<
    | 'DATABASE_URL'
    | 'DATABASE_AUTH_TOKEN'
    | 'JIRA_BASE_URL'
    | 'JIRA_EMAIL'
    | 'JIRA_API_TOKEN'
    | 'JIRA_WEBHOOK_SECRET'
    | 'JIRA_WEBHOOK_SECRET_PREVIOUS'
    | 'ALLOW_UNSIGNED_WEBHOOKS'
    | 'ASANA_ACCESS_TOKEN'
    | 'ADMIN_TOKEN'
    | 'LOG_LEVEL'
    // The whole mapping config (JSONC), replacing the bundled config/bridge.config.json.
    | 'BRIDGE_CONFIG_JSON',
    string
  >
>;

/**
 * The Worker's environment: the bindings of wrangler.toml as `wrangler types` generates them
 * (worker-configuration.d.ts, `npm run types:worker`), the queues typed by their messages, and
 * the secrets.
 */
export type WorkerEnv = Omit<Env, 'DELIVERIES' | 'DEAD_LETTERS'> & {
  DELIVERIES: Queue<JobMessage>;
  DEAD_LETTERS: Queue<DeadLetterMessage>;
} & SecretsAndOptionalVars;
