import { z } from 'zod';
import type { RateLimiter } from '../../../platform/ratelimit/rate-limiter';
import type { Clock } from '../../../platform/clock/clock';
import type { RetryPolicy } from '../../../platform/retry/with-retry';
import { defaultRetryPolicy } from '../../../platform/retry/with-retry';
import { unconfigured } from '../../../platform/errors/unconfigured';
import type { TrackerAdapter } from '../tracker';
import { createAsanaApi } from './asana-client';
import { createAsanaConversation } from './asana-conversation';
import { createAsanaStatusUpdates } from './asana-status-updates';
import { createAsanaBoard } from './asana-board';
import { asanaIntake } from './asana-intake';
import { createAsanaTasks } from './asana-tasks';
import { loadFieldCatalog } from './field-catalog';
import { listAsanaProjects } from './list-projects';
import { prepareAsanaFields } from './prepare-fields';
import { registerAsanaWebhook } from './register-webhook';

const gid = (what: string, example: string) =>
  z.string().trim().regex(/^\d+$/, `must be a numeric Asana ${what} gid such as ${example}`);

/** The config's `tracker` section for Asana. */
export const asanaSectionSchema = z
  .object({ kind: z.literal('asana'), projectGid: z.string().regex(/^\d+$/, 'must be a numeric gid') })
  .strict();

/** `limits.asana`: Asana's published limits for a paid plan, per token. */
export const asanaLimitsSchema = z
  .object({
    requestsPerMinute: z.number().positive().default(1500),
    burst: z.number().int().positive().default(50),
    maxConcurrentReads: z.number().int().positive().default(50),
    maxConcurrentWrites: z.number().int().positive().default(15),
  })
  .strict();

/** The Asana settings read from the environment (Node) or secrets (Workers). */
export const asanaEnvSchema = z.object({
  ASANA_ACCESS_TOKEN: z
    .string()
    .optional()
    .transform((v) => (v?.trim() ? v.trim() : undefined)),
  ASANA_BASE_URL: z
    .string()
    .optional()
    .transform((v) => (v?.trim() ? v.trim() : undefined))
    .pipe(z.url().optional())
    .transform((v) => v ?? 'https://app.asana.com/api/1.0'),
});

export interface AsanaAdapterOptions {
  section: z.infer<typeof asanaSectionSchema>;
  env: z.infer<typeof asanaEnvSchema>;
  clock: Clock;
  limiter: RateLimiter;
  /** The id of the job or request in hand, sent as `X-Request-Id` on every call. */
  requestId: () => string | undefined;
  retry?: RetryPolicy;
  timeoutMs?: number;
}

/** Asana as the bridge's tracker. Without an access token, intake still works; every API call says what to set. */
export function createAsanaAdapter(options: AsanaAdapterOptions): TrackerAdapter {
  const { section, env, clock } = options;
  const projectGid = section.projectGid;
  const base = {
    kind: 'asana',
    name: 'Asana',
    projectId: projectGid,
    ids: {
      task: gid('task', '1208765432101234'),
      user: gid('user', '1200000000000042'),
      project: gid('project', '1200000000000001'),
    },
    intake: asanaIntake,
  };
  if (!env.ASANA_ACCESS_TOKEN) {
    const missing = unconfigured<never>('ASANA_ACCESS_TOKEN', 'Asana');
    return {
      ...base,
      setup: missing,
      tasks: missing,
      conversation: missing,
      people: missing,
      statusUpdates: missing,
      board: missing,
    } as TrackerAdapter;
  }
  const policy = options.retry ?? defaultRetryPolicy;
  const api = createAsanaApi({
    baseUrl: env.ASANA_BASE_URL,
    accessToken: env.ASANA_ACCESS_TOKEN,
    clock,
    limiter: options.limiter,
    requestId: options.requestId,
    ...(options.timeoutMs && { timeoutMs: options.timeoutMs }),
  });
  const { conversation, people } = createAsanaConversation(api, clock, policy);
  return {
    ...base,
    setup: {
      async registerWebhook(target, registration) {
        const { status, gid: id } = await registerAsanaWebhook(api, clock, projectGid, target, registration);
        return { status, id };
      },
      listProjects: () => listAsanaProjects(api, clock, policy),
      prepareFields: (expected, { dryRun }) => prepareAsanaFields(api, clock, policy, projectGid, expected, dryRun),
      async listFields() {
        const catalog = await loadFieldCatalog(api, projectGid, clock, policy);
        return catalog.fields.map((f) => ({
          name: f.name,
          type: f.subtype,
          options: f.options.filter((o) => o.enabled).map((o) => o.name),
        }));
      },
    },
    tasks: createAsanaTasks({ api, projectGid, clock, retry: policy }),
    conversation,
    people,
    statusUpdates: createAsanaStatusUpdates(api, clock, policy, projectGid, people.selfId),
    board: createAsanaBoard(api, clock, policy, projectGid),
  };
}
