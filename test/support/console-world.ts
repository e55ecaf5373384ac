import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { consoleCookie, startChildBridge, waitFor, type ChildBridge } from './child-bridge';
import { startLoopbackWorld, type LoopbackWorld } from './loopback-world';
import { CREDENTIALS, RAW_TEST_CONFIG } from './seed';
import { issueState } from './issue-states';

const DAY = 86_400_000;
const STATUS = {
  todo: ['To Do', 'new'],
  doing: ['In Progress', 'indeterminate'],
  blocked: ['Blocked', 'indeterminate'],
  done: ['Done', 'done'],
} as const;

/** A request's Jira history: each status from so many days ago. */
type History = Array<[keyof typeof STATUS, number]>;

export const CONSOLE_REQUESTS: Array<{
  key: string;
  id: string;
  task: string;
  summary: string;
  history: History;
  due?: number;
}> = [
  { key: 'TES-41', id: '10040', task: '1300000000000001', summary: 'Checkout redesign', history: [['todo', 30]] },
  {
    key: 'TES-42',
    id: '10042',
    task: '1300000000000002',
    summary: 'Saved carts',
    history: [
      ['todo', 40],
      ['doing', 20],
      ['done', 6],
    ],
  },
  {
    key: 'TES-43',
    id: '10043',
    task: '1300000000000003',
    summary: 'Gift cards',
    history: [
      ['todo', 35],
      ['doing', 25],
      ['done', 12],
    ],
  },
  {
    key: 'TES-44',
    id: '10044',
    task: '1300000000000004',
    summary: 'Invoice export',
    history: [
      ['todo', 28],
      ['doing', 18],
      ['blocked', 5],
    ],
  },
  {
    key: 'TES-45',
    id: '10045',
    task: '1300000000000005',
    summary: 'Dark mode',
    history: [
      ['todo', 21],
      ['doing', 9],
    ],
    due: -3,
  },
  {
    key: 'TES-46',
    id: '10046',
    task: '1300000000000006',
    summary: 'Bulk edit',
    history: [
      ['todo', 50],
      ['doing', 30],
      ['done', 20],
    ],
  },
  {
    key: 'TES-47',
    id: '10047',
    task: '1300000000000007',
    summary: 'SSO for partners',
    history: [
      ['todo', 14],
      ['doing', 4],
      ['done', 1],
    ],
  },
];

/**
 * A real bridge process (`npm start`'s server) on loopback Jira and Asana stand-ins, with requests
 * linked and synced whose Jira histories span weeks, so the console has flows to draw. Jira can
 * be made to fail an issue's reads (`failIssue`), to make dead letters.
 */
export async function startConsoleWorld(options: { maxAttempts?: number } = {}) {
  const failing = new Set<string>();
  const world: LoopbackWorld = await startLoopbackWorld({
    issues: [],
    tasks: CONSOLE_REQUESTS.map((r) => ({ gid: r.task, name: r.summary })),
    wrapJira: (handler) => (request) =>
      [...failing].some((id) => new URL(request.url).pathname.includes(`/issue/${id}`))
        ? new Response('{"errorMessages":["Service unavailable"]}', { status: 503 })
        : handler(request),
  });
  const config = { ...RAW_TEST_CONFIG, sync: { ...RAW_TEST_CONFIG.sync, maxAttempts: options.maxAttempts ?? 1 } };
  writeFileSync(join(world.dir, 'config.json'), JSON.stringify(config));
  const now = Date.now();
  /** Jira moves a request to `status`, `daysAgo` days ago (0: now). */
  const move = (key: string, status: keyof typeof STATUS, daysAgo: number) => {
    const r = CONSOLE_REQUESTS.find((x) => x.key === key)!;
    world.jira.put(
      issueState({
        id: r.id,
        key: r.key,
        summary: r.summary,
        status: [...STATUS[status]],
        createdAt: now - r.history[0]![1] * DAY,
        updatedAt: Date.now() - daysAgo * DAY,
        ...(r.due !== undefined && { dueDate: new Date(now + r.due * DAY).toISOString().slice(0, 10) }),
      }),
    );
  };
  for (const r of CONSOLE_REQUESTS) for (const [status, daysAgo] of r.history) move(r.key, status, daysAgo);
  const bridge: ChildBridge = await startChildBridge(world.env);
  const admin = (method: string, path: string, body?: object) =>
    fetch(`${bridge.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${CREDENTIALS.adminToken}`,
        ...(body && { 'content-type': 'application/json' }),
      },
      ...(body && { body: JSON.stringify(body) }),
    });
  const pending = async (kind: string) =>
    ((await (await admin('GET', `/admin/jobs?status=pending&kind=${kind}`)).json()) as { jobs: unknown[] }).jobs.length;
  const cookie = await consoleCookie(bridge.url, CREDENTIALS.adminToken);
  const dashboard = async () => (await fetch(`${bridge.url}/console`, { headers: { cookie } })).text();
  /**
   * Waits until every sync is done and, when `shown` is given, the dashboard shows it (the server's
   * minute timer stores the flows' catch-up: up to a minute). Notices wait for their quiet window.
   */
  const settled = (what: string, shown?: (dashboardHtml: string) => boolean) =>
    waitFor(
      what,
      async () =>
        (await pending('jira-delivery')) + (await pending('flow-catch-up')) === 0 &&
        (!shown || shown(await dashboard())),
      90_000,
    );
  for (const r of CONSOLE_REQUESTS) {
    const res = await admin('POST', '/admin/links', { jiraKey: r.key, taskGid: r.task });
    if (res.status !== 201) throw new Error(`linking ${r.key}: ${res.status} ${await res.text()}`);
  }
  await settled('the first syncs and flows', (html) =>
    html.includes(`<strong>${CONSOLE_REQUESTS.length}</strong> requests`),
  );
  return {
    world,
    bridge,
    admin,
    settled,
    move,
    failIssue: (id: string) => failing.add(id),
    healIssue: (id: string) => failing.delete(id),
    async close() {
      await bridge.kill('SIGTERM');
      world.close();
    },
  };
}

export type ConsoleWorld = Awaited<ReturnType<typeof startConsoleWorld>>;
