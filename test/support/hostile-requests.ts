import { createHmac } from 'node:crypto';
import { jiraFixtureRaw } from './jira-fixtures';
import { CREDENTIALS, PROJECT_GID, TASK_GID } from './seed';

/** A deterministic PRNG (mulberry32), so a failing fuzz run can be replayed from its seed. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, pick };
}
type Random = ReturnType<typeof prng>;

export interface HostileRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** Carries a credential that verifies (admin token, Jira or Asana signature). */
  authenticated: boolean;
}

const ROUTES: Array<[string, string]> = [
  ['POST', '/webhooks/jira'],
  ['POST', `/webhooks/asana/${PROJECT_GID}`],
  ['POST', '/webhooks/asana/999'],
  ['GET', '/health'],
  ['GET', '/admin/links'],
  ['POST', '/admin/links'],
  ['DELETE', '/admin/links/ABC-1'],
  ['GET', '/admin/deliveries'],
  ['GET', '/admin/deliveries/1'],
  ['POST', '/admin/deliveries/1/replay'],
  ['POST', '/admin/deliveries/replay-failed'],
  ['DELETE', '/admin/deliveries/1'],
  ['POST', '/admin/setup/webhooks/tracker'],
  ['POST', '/admin/setup/webhooks/jira'],
  ['POST', '/admin/setup/links/auto'],
  ['GET', '/admin/users'],
  ['PUT', '/admin/users/5b10ac8d82e05b22cc7d4ef5'],
  ['DELETE', '/admin/users/5b10ac8d82e05b22cc7d4ef5'],
  ['GET', '/admin/mapping-gaps'],
  ['GET', '/console'],
  ['GET', '/console/ops'],
  ['GET', '/console/requests/TES-41'],
  ['GET', '/console/audit/export'],
  ['POST', '/console/login'],
  ['POST', '/console/logout'],
  ['POST', '/console/jobs/1/replay'],
  ['POST', '/console/jobs/1/discard'],
];
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'];
const JIRA_BODIES = [
  'issue_updated-mattermost-1.json',
  'issue_created-mattermost-1.json',
  'issue_deleted-mattermost-1.json',
  'comment_created-zulip-1.json',
].map(jiraFixtureRaw);
const WEIRD = [
  '',
  ' ',
  'null',
  '[]',
  '{}',
  '"x"',
  '0',
  '{"a":',
  '\u0000\u0001',
  '\ud800',
  '{"__proto__":{"polluted":1}}',
  '{"constructor":{"prototype":{"x":1}}}',
  'x'.repeat(70_000),
];

function randomJson(r: Random, depth = 0): unknown {
  switch (r.int(depth > 3 ? 5 : 8)) {
    case 0:
      return null;
    case 1:
      return r.next() < 0.5;
    case 2:
      return r.pick([0, -1, 1e308, -0, 2 ** 53 + 1, 3.14]);
    case 3:
      return r.pick([
        '',
        'ABC-1',
        TASK_GID,
        'javascript:alert(1)',
        'https://evil.example',
        '../../etc/passwd',
        '<body>',
        "'; DROP TABLE links; --",
        'é'.repeat(r.int(50)),
      ]);
    case 4:
      return r.pick(['jira:issue_updated', 'jira:issue_created', 'jira:issue_deleted', 'comment_created', 'whatever']);
    case 5:
      return Array.from({ length: r.int(4) }, () => randomJson(r, depth + 1));
    default: {
      const keys = [
        'webhookEvent',
        'timestamp',
        'issue',
        'id',
        'key',
        'fields',
        'project',
        'status',
        'events',
        'resource',
        'gid',
        'resource_type',
        'action',
        'jiraKey',
        'taskGid',
        'publicUrl',
        'projectGid',
        'trackerUserId',
        'replace',
        'user',
      ];
      return Object.fromEntries(Array.from({ length: r.int(6) }, () => [r.pick(keys), randomJson(r, depth + 1)]));
    }
  }
}

/** Mutates a real body: flips characters, cuts it, or swaps a value. */
function mutate(r: Random, body: string): string {
  switch (r.int(4)) {
    case 0:
      return body.slice(0, r.int(body.length));
    case 1: {
      const at = r.int(body.length);
      return body.slice(0, at) + String.fromCharCode(r.int(0x250)) + body.slice(at + 1);
    }
    case 2:
      return body.replace(/"\d+"/, '"-1"').replace('"key":"', '"key":"x');
    default:
      return body;
  }
}

function randomBody(r: Random): string {
  const kind = r.int(4);
  if (kind === 0) return r.pick(WEIRD);
  if (kind === 1) return JSON.stringify(randomJson(r));
  return mutate(r, r.pick(JIRA_BODIES));
}

function randomPath(r: Random, base: string): string {
  switch (r.int(6)) {
    case 0:
      return `${base}/${encodeURIComponent(String.fromCharCode(...Array.from({ length: r.int(12) }, () => r.int(0x7f) + 1)))}`;
    case 1:
      return `/${r.pick(['admin', 'webhooks', 'api', '..', '%2e%2e', ''])}/${r.pick(['x', '%00', 'links/%ff', 'asana/1e3', 'jira/../admin/links'])}`;
    case 2:
      return `${base}?${r.pick(['status=lost', 'limit=-1', 'limit=99999999999', 'dryRun=maybe', 'x=%zz'])}`;
    default:
      return base;
  }
}

const hmacHex = (secret: string, body: string) => createHmac('sha256', secret).update(body).digest('hex');

/**
 * One hostile request: a random method, route or path, headers and body, with no credential,
 * a wrong one, or (when `asanaSecret` is known) a right one.
 */
export function hostileRequest(r: Random, asanaSecret: string): HostileRequest {
  const [routeMethod, route] = r.pick(ROUTES);
  const method = r.next() < 0.8 ? routeMethod : r.pick(METHODS);
  const path = randomPath(r, route);
  const body = method === 'GET' || method === 'HEAD' ? undefined : randomBody(r);
  const headers: Record<string, string> = {};
  if (r.next() < 0.8)
    headers['content-type'] = r.pick([
      'application/json',
      'application/json; charset=utf-8',
      'text/plain',
      'application/x-www-form-urlencoded',
      'APPLICATION/JSON',
      '',
    ]);
  let authenticated = false;
  const credential = r.int(4); // 0: none, 1: wrong, 2-3: right
  if (route.startsWith('/admin')) {
    if (credential === 1)
      headers.authorization = r.pick([
        'Bearer wrong',
        'Basic YTpi',
        `Bearer ${CREDENTIALS.adminToken}x`,
        'Bearer',
        `bearer  ${CREDENTIALS.adminToken.slice(1)}`,
      ]);
    if (credential >= 2) {
      headers.authorization = `Bearer ${CREDENTIALS.adminToken}`;
      authenticated = true;
    }
  } else if (route.startsWith('/console')) {
    // No console session is ever valid here (none was opened): forged and garbled cookies only.
    if (credential >= 1)
      headers.cookie = r.pick([
        '__Host-jtb-session=ADMIN_TOKEN%7C0000000000000000%7C99999999999999.AAAA',
        '__Host-jtb-session=',
        'jtb-session=x',
        `__Host-jtb-session=${'%ff'.repeat(200)}`,
      ]);
    if (r.next() < 0.5) headers['sec-fetch-site'] = r.pick(['same-origin', 'cross-site', 'none', 'bogus']);
  } else if (route === '/webhooks/jira' && body !== undefined) {
    if (credential === 1)
      headers['x-hub-signature'] = r.pick([
        'sha256=' + '0'.repeat(64),
        'sha1=abc',
        '',
        `sha256=${hmacHex('wrong', body)}`,
      ]);
    if (credential >= 2) {
      headers['x-hub-signature'] = `sha256=${hmacHex(CREDENTIALS.webhookSecret, body)}`;
      authenticated = true;
    }
  } else if (route.startsWith('/webhooks/asana') && body !== undefined) {
    if (r.next() < 0.2) headers['x-hook-secret'] = r.pick(['attacker', '', 'x'.repeat(600), 'secret with spaces']);
    else if (credential === 1) headers['x-hook-signature'] = r.pick(['0'.repeat(64), 'zz', hmacHex('wrong', body)]);
    else if (credential >= 2 && route.endsWith(PROJECT_GID)) {
      headers['x-hook-signature'] = hmacHex(asanaSecret, body);
      authenticated = true;
    }
  }
  if (r.next() < 0.1) headers['x-atlassian-webhook-identifier'] = r.pick(['', 'a'.repeat(5000), '../x', '1']);
  return {
    method,
    path,
    headers,
    ...(body !== undefined && { body }),
    authenticated: authenticated && path.split('?')[0] === route,
  };
}
