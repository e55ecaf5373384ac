import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerType } from '@hono/node-server';
import { listenOnLoopback } from '../../src/runtime/node/listen-loopback';
import { createFakeAsana } from '../../demo/stand-ins/fake-asana';
import { createFakeJira, type JiraIssueJson } from '../../demo/stand-ins/fake-jira';
import { ASANA_FIELDS, CREDENTIALS, PROJECT_GID, RAW_TEST_CONFIG } from './seed';

type Handler = (request: Request) => Response | Promise<Response>;

/**
 * Jira and Asana stand-ins served on loopback, a temp dir with the test config, and the
 * environment a bridge process needs to use them: for tests and benchmarks that run the
 * real server or CLI.
 */
export async function startLoopbackWorld(options: {
  issues: JiraIssueJson[];
  tasks: Array<{ gid: string; name: string }>;
  /** Wraps a stand-in's handler, e.g. to add latency or lose a response. */
  wrapJira?: (handler: Handler) => Handler;
  wrapAsana?: (handler: Handler) => Handler;
  /** Asana answers 429 over this many requests per rolling minute, as the real one does. */
  asanaRequestsPerMinute?: number;
}) {
  const dir = mkdtempSync(join(tmpdir(), 'bridge-world-'));
  const jira = createFakeJira({
    siteUrl: 'http://jira.local',
    email: CREDENTIALS.jiraEmail,
    apiToken: CREDENTIALS.jiraApiToken,
    issues: options.issues,
  });
  // As Asana does: the handshake is a real HTTP request to the webhook's target, sent while the create request is open.
  const deliverHandshake = (target: string, secret: string) =>
    fetch(target, { method: 'POST', headers: { 'x-hook-secret': secret } });
  const asana = createFakeAsana({
    accessToken: CREDENTIALS.asanaToken,
    projectGid: PROJECT_GID,
    fields: ASANA_FIELDS,
    tasks: options.tasks,
    deliverHandshake,
    ...(options.asanaRequestsPerMinute && { requestsPerMinute: options.asanaRequestsPerMinute }),
  });
  const identity = (h: Handler) => h;
  const servers: ServerType[] = [];
  const jiraUp = await listenOnLoopback((options.wrapJira ?? identity)((r) => jira.app.fetch(r)));
  const asanaUp = await listenOnLoopback((options.wrapAsana ?? identity)((r) => asana.app.fetch(r)));
  servers.push(jiraUp.server, asanaUp.server);
  writeFileSync(join(dir, 'config.json'), JSON.stringify(RAW_TEST_CONFIG));

  const env: Record<string, string> = {
    DATABASE_URL: `file:${join(dir, 'bridge.db')}`,
    BRIDGE_CONFIG: join(dir, 'config.json'),
    JIRA_BASE_URL: jiraUp.url,
    JIRA_EMAIL: CREDENTIALS.jiraEmail,
    JIRA_API_TOKEN: CREDENTIALS.jiraApiToken,
    ASANA_BASE_URL: `${asanaUp.url}/api/1.0`,
    ASANA_ACCESS_TOKEN: CREDENTIALS.asanaToken,
    JIRA_WEBHOOK_SECRET: CREDENTIALS.webhookSecret,
    ADMIN_TOKEN: CREDENTIALS.adminToken,
  };
  return {
    dir,
    jira,
    asana,
    env,
    /** PUT /tasks bodies' custom_fields, in order. */
    taskWrites: () =>
      asana.requests
        .filter((r) => r.method === 'PUT')
        .map((r) => (r.body as { data: { custom_fields: Record<string, unknown> } }).data.custom_fields),
    close() {
      for (const s of servers) s.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type LoopbackWorld = Awaited<ReturnType<typeof startLoopbackWorld>>;
