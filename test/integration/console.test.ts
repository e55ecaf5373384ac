import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, jobs, links, syncState } from '../../src/adapters/storage/schema';
import { parseConfig } from '../../src/runtime/trackers';
import { createAdminToken, revokeToken } from '../../src/flows/admin/admin-tokens';
import { FLOW_CATCH_UP, FLOW_REFRESH } from '../../src/flows/jobs/flow-jobs';
import { enqueueScheduledWork } from '../../src/flows/schedule/scheduled-work';
import { consoleClient, csrfOf } from '../support/console-session';
import { createHarness, type Harness } from '../support/harness';
import { jiraFixture, jiraFixtureRaw } from '../support/jira-fixtures';
import { useMsw } from '../support/msw';
import { CREDENTIALS, OTHER_TASK_GID, RAW_TEST_CONFIG, TASK_GID } from '../support/seed';
import { issueState } from '../support/issue-states';

// The web console through HTTP (app.request): sign-in and sessions, roles, CSRF, the pages' data.
const server = useMsw();
let h: Harness;
let browser: ReturnType<typeof consoleClient>;

beforeEach(async () => {
  h = await createHarness(server);
  h.fakeJira.put(jiraFixture('issue_created-mattermost-1.json').issue);
  browser = consoleClient(h.app);
});
afterEach(async () => {
  expect(h.specViolations).toEqual([]);
  await h.close();
});

async function syncedRequest() {
  expect((await h.admin('POST', '', { jiraKey: 'TES-41', taskGid: TASK_GID })).status).toBe(201);
  h.fakeJira.put(jiraFixture('issue_updated-mattermost-1.json').issue);
  const res = await h.postJira(jiraFixtureRaw('issue_updated-mattermost-1.json'), {
    'x-atlassian-webhook-identifier': 'start-1',
  });
  expect(res.status).toBe(200);
  await h.drain();
  await enqueueScheduledWork(h.ctx);
  await h.runJobs(FLOW_REFRESH);
}

const readOnlyToken = async () => (await createAdminToken(h.ctx, 'admin:test', { name: 'leader', role: 'read' })).token;
const auditCount = async () => (await h.db.select().from(auditLog)).length;

describe('signing in', () => {
  it('sends a page without a session to the sign-in form, and back to it after signing in', async () => {
    const res = await browser.request('/console/ops?x=1');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/console/login?next=%2Fconsole%2Fops%3Fx%3D1');
    const login = await browser.page('/console/login?next=%2Fconsole%2Fops');
    expect(login).toContain('<label for="token">Admin token</label>');
    expect(login).toContain('name="next" value="/console/ops"');

    const signedIn = await browser.signIn(CREDENTIALS.adminToken, '/console/ops');
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get('location')).toBe('/console/ops');
    const cookie = signedIn.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^__Host-jtb-session=/);
    expect(cookie).toMatch(/; Max-Age=28800/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(await browser.page('/console/ops')).toContain('<h1>Operations</h1>');
  });

  it('says how to make a token when there is none to sign in with', async () => {
    expect(await browser.page('/console/login')).not.toContain('No admin token exists yet');
    await h.close();
    h = await createHarness(server, { adminToken: null });
    browser = consoleClient(h.app);
    expect(await browser.page('/console/login')).toContain(
      'No admin token exists yet: set ADMIN_TOKEN, or create one with <code>npm run cli -- tokens create &lt;name&gt;</code>',
    );
    expect((await browser.signIn('anything')).status).toBe(401);
  });

  it('refuses a wrong token with 401 and writes nothing; never follows `next` off the console', async () => {
    const before = await auditCount();
    // Not signed in, on a store where nobody ever signed in: nothing is written, not even the session key.
    await browser.request('/console');
    await browser.act('/console/jobs/1/replay', 'f'.repeat(64));
    await browser.signIn('not-a-token');
    expect(await h.db.select().from(syncState)).toEqual([]);
    const res = await browser.signIn('not-a-token', '/console');
    expect(res.status).toBe(401);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(await res.text()).toContain('That token is not valid');
    expect(await auditCount()).toBe(before);
    for (const next of ['https://evil.example/', '//evil.example/console', '/admin/tokens', '/console/../admin'])
      expect((await browser.signIn(CREDENTIALS.adminToken, next)).headers.get('location')).toBe('/console');
  });

  it('ends a session when it lapses, when its token is revoked, or when the cookie is tampered with', async () => {
    const token = await readOnlyToken();
    expect((await browser.signIn(token)).status).toBe(303);
    expect((await browser.request('/console')).status).toBe(200);
    const good = browser.cookie;
    // Tampered: another name in the signed value.
    browser.cookie = good.replace('leader', 'ADMIN_TOKEN');
    expect((await browser.request('/console')).status).toBe(303);
    browser.cookie = good;
    await revokeToken(h.ctx, 'admin:test', 'leader');
    expect((await browser.request('/console')).status).toBe(303);

    expect((await browser.signIn(CREDENTIALS.adminToken)).status).toBe(303);
    h.clock.advance(8 * 3_600_000 + 1);
    expect((await browser.request('/console')).status).toBe(303);
  });

  it('signs out with the CSRF token only', async () => {
    await browser.signIn(CREDENTIALS.adminToken);
    const csrf = csrfOf(await browser.page('/console'));
    expect((await browser.act('/console/logout', null)).status).toBe(403);
    const out = await browser.act('/console/logout', csrf);
    expect(out.status).toBe(303);
    expect(out.headers.get('set-cookie')).toMatch(/^__Host-jtb-session=; Max-Age=0/);
  });
});

describe('every page', () => {
  it('carries a strict Content-Security-Policy, no-store and no third-party asset', async () => {
    await browser.signIn(CREDENTIALS.adminToken);
    for (const path of ['/console/login', '/console', '/console/ops', '/console/links?attention=0', '/console/audit']) {
      const res = await browser.request(path);
      expect(res.status, path).toBe(200);
      const csp = res.headers.get('content-security-policy')!;
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe');
      expect(res.headers.get('cache-control')).toBe('no-store');
      const html = await res.text();
      expect(html.startsWith('<!DOCTYPE html><html lang="en">')).toBe(true);
      expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
      expect(html).not.toMatch(/ style=|<style/);
    }
  });
});

describe('roles and actions', () => {
  async function deadLetter() {
    const [job] = await h.db
      .insert(jobs)
      .values({
        kind: 'jira-delivery',
        key: 'jira:dead-1',
        groupKey: '10041',
        payload: {
          source: 'jira',
          event: 'jira:issue_updated',
          issueId: '10041',
          issueKey: 'TES-41',
          eventAt: 1,
          actor: null,
          actorId: null,
        },
        status: 'failed',
        attempts: 8,
        runAt: h.clock.now(),
        lastError: 'Jira issue read failed: HTTP 503',
        createdAt: h.clock.now(),
        finishedAt: h.clock.now(),
      })
      .returning();
    return job!;
  }

  it('lets a read-only token read the portfolio and timelines, and nothing of operations or actions', async () => {
    await syncedRequest();
    const job = await deadLetter();
    await browser.signIn(await readOnlyToken());
    const dashboard = await browser.page('/console');
    expect(dashboard).not.toContain('href="/console/ops"');
    await browser.page('/console/requests/TES-41');
    for (const path of ['/console/ops', '/console/links', '/console/audit', '/console/audit/export'])
      expect(await browser.page(path, 403)).toContain('read-only token');
    const csrf = csrfOf(dashboard);
    expect((await browser.act(`/console/jobs/${job.id}/replay`, csrf)).status).toBe(403);
    expect((await h.db.select().from(jobs).where(eqId(job.id)))[0]!.status).toBe('failed');
  });

  it('refuses an action without a session, without the CSRF token, or from another site; then replays with it', async () => {
    const job = await deadLetter();
    expect((await browser.act(`/console/jobs/${job.id}/replay`, 'f'.repeat(64))).status).toBe(401);
    await browser.signIn(CREDENTIALS.adminToken);
    const ops = await browser.page('/console/ops');
    expect(ops).toContain('Jira issue read failed: HTTP 503');
    const csrf = csrfOf(ops);
    expect((await browser.act(`/console/jobs/${job.id}/replay`, null)).status).toBe(403);
    expect((await browser.act(`/console/jobs/${job.id}/replay`, 'a'.repeat(64))).status).toBe(403);
    expect((await browser.act(`/console/jobs/${job.id}/replay`, csrf, { 'sec-fetch-site': 'cross-site' })).status).toBe(
      403,
    );
    expect((await h.db.select().from(jobs).where(eqId(job.id)))[0]!.status).toBe('failed');

    // htmx asks for the row alone.
    const replayed = await browser.act(`/console/jobs/${job.id}/replay`, csrf, { 'hx-request': 'true' });
    expect(replayed.status).toBe(200);
    expect(await replayed.text()).toMatch(new RegExp(`^<tr id="job-${job.id}">.*Replayed: pending`));
    const entry = (await h.db.select().from(auditLog)).find((e) => e.action === 'replayed');
    expect(entry?.actor).toBe('admin:ADMIN_TOKEN');
  });
});

const eqId = (id: number) => eq(jobs.id, id);

describe('what the pages show', () => {
  const DAY = 86_400_000;
  async function portfolio() {
    await h.close();
    h = await createHarness(server, {
      config: parseConfig({ ...RAW_TEST_CONFIG, notifications: { recipients: { requesterField: 'Requester' } } }),
    });
    browser = consoleClient(h.app);
    const now = h.clock.now();
    const put = (key: string, id: string, summary: string, status: [string, string], daysAgo: number) => {
      h.fakeJira.put(
        issueState({ id, key, summary, status, createdAt: now - 30 * DAY, updatedAt: now - daysAgo * DAY }),
      );
    };
    put('TES-41', '10040', 'Checkout <script>alert(1)</script>', ['To Do', 'new'], 30);
    put('TES-41', '10040', 'Checkout <script>alert(1)</script>', ['Blocked', 'indeterminate'], 2);
    put('TES-42', '10042', 'Bulk export', ['To Do', 'new'], 30);
    put('TES-42', '10042', 'Bulk export', ['In Progress', 'indeterminate'], 9);
    put('TES-42', '10042', 'Bulk export', ['Done', 'done'], 1);
    expect((await h.admin('POST', '', { jiraKey: 'TES-41', taskGid: TASK_GID })).status).toBe(201);
    expect((await h.admin('POST', '', { jiraKey: 'TES-42', taskGid: OTHER_TASK_GID })).status).toBe(201);
    await enqueueScheduledWork(h.ctx);
    await h.runJobs(FLOW_CATCH_UP);
    await browser.signIn(CREDENTIALS.adminToken);
  }

  it('draws the portfolio from the flows, filtered by project, requester and period', async () => {
    await portfolio();
    const html = await browser.page('/console');
    expect(html).toMatch(/<strong>2<\/strong> requests: <strong>1<\/strong> open/);
    // Text from Jira is escaped, never markup.
    expect(html).toContain('Checkout &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>alert');
    // The requester filter offers who asked (the task's requester field), and filters by them.
    expect(html).toContain('<option value="Nia Newcomer">Nia Newcomer</option>');
    expect(await browser.page('/console?requester=Nia+Newcomer')).toMatch(
      /<strong>1<\/strong> requests: <strong>0<\/strong> open/,
    );
    expect(await browser.page('/console?project=ABC')).toMatch(/<strong>0<\/strong> requests/);
    // The charts' data: the cycle time of the done request (8 days) and its percentiles.
    const scatter = /data-chart="scatter" data-values="([^"]+)"/.exec(html)![1]!.replace(/&quot;/g, '"');
    expect(JSON.parse(scatter)).toMatchObject({ p50: 8, p85: 8, p95: 8 });
    expect(html).toMatch(/Blocked requests \(1\)/);
  });

  it('follows Jira: a sync leaves the dashboard behind until the next scheduled check catches it up, once', async () => {
    await portfolio();
    const catchUps = async () => (await h.db.select().from(jobs)).filter((j) => j.kind === FLOW_CATCH_UP).length;
    const before = await catchUps();
    h.clock.advance(60_000);
    await enqueueScheduledWork(h.ctx);
    expect(await catchUps()).toBe(before); // nothing behind: no job stored
    const now = h.clock.now();
    const status: [string, string] = ['Done', 'done'];
    h.fakeJira.put(issueState({ id: '10040', key: 'TES-41', status, createdAt: now - 31 * DAY, updatedAt: now }));
    const res = await h.postJira(jiraFixtureRaw('issue_updated-mattermost-1.json'), {
      'x-atlassian-webhook-identifier': 'done-1',
    });
    expect(res.status).toBe(200);
    await h.drain();
    expect(await browser.page('/console')).toMatch(/<strong>1<\/strong> open/);
    h.clock.advance(60_000);
    await enqueueScheduledWork(h.ctx);
    expect(await h.runJobs(FLOW_CATCH_UP)).toBe(1);
    expect(await browser.page('/console')).toMatch(/<strong>0<\/strong> open, <strong>2<\/strong> done/);
    h.clock.advance(60_000);
    await enqueueScheduledWork(h.ctx);
    expect(await h.runJobs(FLOW_CATCH_UP)).toBe(0);
  });

  it('refuses bad filters and keys with a 400 page naming the problem, and an unknown request with 404', async () => {
    await portfolio();
    expect(await browser.page('/console?weeks=5', 400)).toContain('weeks');
    expect(await browser.page('/console?mapping=nope', 400)).toContain('mapping');
    expect(await browser.page('/console?evil=1', 400)).toContain('evil');
    expect(await browser.page('/console/requests/%3Cscript%3E', 400)).toContain('Jira issue key');
    expect(await browser.page('/console/requests/ZZZ-9', 404)).toContain('no record of ZZZ-9');
    expect(await browser.page('/console/links?page=0', 400)).toContain('page');
  });

  it('shows a request timeline in order: links, syncs, field writes', async () => {
    await portfolio();
    const html = await browser.page('/console/requests/tes-42');
    const order = ['Sync asked by admin', '>linked<', 'Delivery status: none → Shipped'].map((s) => html.indexOf(s));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(html).toContain('Cycle time</dt><dd>8 d');
  });

  it('shows each link sync state and drift, and searches and exports the audit trail', async () => {
    await portfolio();
    expect(await browser.page('/console/links')).toContain('Every link is in sync.');
    await h.db
      .update(links)
      .set({ pendingValues: { 'Delivery status': { type: 'enum', option: 'Shipped' } } })
      .where(eq(links.jiraKey, 'TES-42'));
    const drift = await browser.page('/console/links');
    expect(drift).toContain('write pending');
    expect(drift).toContain('<strong>Delivery status</strong>: a write was interrupted');
    expect(drift).not.toContain('TES-41');

    const audit = await browser.page('/console/audit?jiraKey=TES-42&action=field-written');
    expect(audit).toContain('Delivery status');
    expect(audit).not.toContain('>TES-41<');
    // The export link carries the search, not the page it was on; empty fields are no filter.
    const paged = await browser.page('/console/audit?jiraKey=TES-42&actor=&cursor=0');
    expect(paged).toContain('href="/console/audit/export?jiraKey=TES-42"');
    const csv = await browser.request('/console/audit/export?jiraKey=TES-42&field=');
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe('id,at,action,actor,mapping,jiraKey,taskGid,field,old,new,rule,cause');
    expect(lines.slice(1).every((l) => l.includes(',TES-42,'))).toBe(true);
  });
});
