import { z } from 'zod';
import { ConfigError } from '../errors/app-errors';
import { formatIssues } from './parse-config';

const optional = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));
const flag = optional.transform((v) => v === 'true' || v === '1');

/** Settings read from the environment (Node) or bindings and secrets (Workers); the tracker adapter reads its own. */
export const envSchema = z.object({
  PORT: optional
    .transform((v) => (v === undefined ? 8787 : Number(v)))
    .pipe(z.number({ message: 'must be a port number' }).int().min(0).max(65535)),
  DATABASE_URL: optional,
  DATABASE_AUTH_TOKEN: optional,
  JIRA_BASE_URL: optional.pipe(z.url({ message: 'must be a URL such as https://your-site.atlassian.net' }).optional()),
  JIRA_EMAIL: optional,
  JIRA_API_TOKEN: optional,
  JIRA_WEBHOOK_SECRET: optional,
  /** The secret being rotated out: still accepted, so deliveries signed before the switch are not lost. */
  JIRA_WEBHOOK_SECRET_PREVIOUS: optional,
  ALLOW_UNSIGNED_WEBHOOKS: flag,
  ADMIN_TOKEN: optional,
  BRIDGE_CONFIG: optional,
  /** On SIGTERM, how long the job in hand may take before it is handed back (Node). */
  SHUTDOWN_GRACE_SECONDS: optional
    .transform((v) => (v === undefined ? 8 : Number(v)))
    .pipe(z.number({ message: 'must be a number of seconds' }).min(0).max(600)),
  LOG_LEVEL: optional.pipe(z.enum(['info', 'warn', 'error', 'silent']).optional()).transform((v) => v ?? 'info'),
});

export type BridgeEnv = z.infer<typeof envSchema>;

export function parseEnv(env: Record<string, string | undefined>): BridgeEnv {
  const result = envSchema.safeParse(env);
  if (!result.success) throw new ConfigError('environment', formatIssues(result.error.issues));
  return result.data;
}

/** The Jira settings sync needs that are not set; while any is missing, jobs wait in the queue. */
export function missingJiraSettings(env: BridgeEnv): string[] {
  const required = ['JIRA_BASE_URL', 'JIRA_EMAIL', 'JIRA_API_TOKEN'] as const;
  return required.filter((name) => !env[name]);
}
