import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { adminTokens, auditLog, links } from '../../src/adapters/storage/schema';
import { createHarness, type Harness } from '../support/harness';
import { pruneOld } from '../../src/flows/retention/prune-old';
import { jiraFixture, jiraFixtureRaw } from '../support/jira-fixtures';
import { useMsw } from '../support/msw';
import { CREDENTIALS, TASK_GID } from '../support/seed';

// The audit trail and named admin tokens, through the admin API, driven by real Jira bodies.
const server = useMsw();
let h: Harness;

beforeEach(async () => {
  h = await createHarness(server);
  h.fakeJira.put(jiraFixture('issue_created-mattermost-1.json').issue);
});
afterEach(async () => {
  expect(h.specViolations).toEqual([]);
  await h.close();
});

async function deliver(name: string, identifier: string) {
  h.fakeJira.put(jiraFixture(name).issue);
  const res = await h.postJira(jiraFixtureRaw(name), { 'x-atlassian-webhook-identifier': identifier });
  expect(res.status).toBe(200);
  await h.drain();
}

const call = (method: string, path: string, token: string = CREDENTIALS.adminToken, body?: object) =>
  h.app.request(path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body && { 'content-type': 'application/json' }) },
    ...(body && { body: JSON.stringify(body) }),
  });
type Entry = { id: number; action: string; actor: string; field: string | null; old: unknown; new: unknown };
const audit = async (query = '', token?: string) =>
  (await (await call('GET', `/admin/audit${query}`, token)).json()) as { entries: Entry[]; nextCursor: number | null };
const tokenOf = async (name: string, role: 'read' | 'admin') => {
  const res = await call('POST', '/admin/tokens', undefined, { name, role });
  expect(res.status).toBe(201);
  return ((await res.json()) as { token: string }).token;
};

describe('the audit trail', () => {
  it('records one entry per applied change, with its cause and rule, and none for a write that changed nothing', async () => {
    expect((await h.admin('POST', '', { jiraKey: 'TES-41', taskGid: TASK_GID })).status).toBe(201);
    const first = (await audit('?action=field-written')).entries;
    // The first sync writes every mapped field that has a value or is cleared.
    expect(first.map((e) => e.field)).toContain('Delivery status');

    await deliver('issue_updated-mattermost-1.json', 'start-1');
    await deliver('issue_updated-mattermost-1.json', 'start-2'); // the same state again: nothing written
    const entries = (await audit(`?action=field-written&cursor=${first.at(-1)!.id}`)).entries;
    expect(entries).toEqual([
      expect.objectContaining({
        action: 'field-written',
        actor: 'jira:Test User',
        jiraKey: 'TES-41',
        taskGid: TASK_GID,
        mapping: 'default',
        field: 'Delivery status',
        old: { type: 'enum', option: 'Planned' },
        new: { type: 'enum', option: 'In development' },
        rule: 'fields.status.map: Jira status "In Progress"',
        cause: expect.objectContaining({ source: 'jira', deliveries: ['jira:start-1'], changelogIds: ['10227'] }),
      }),
    ]);
    // Filters: by issue, field and actor prefix (the first sync was the bridge's own); an unknown key finds nothing.
    expect((await audit('?jiraKey=tes-41&field=Delivery%20status')).entries.map((e) => e.actor)).toEqual([
      'bridge',
      'jira:Test User',
    ]);
    expect((await audit('?jiraKey=tes-41&actor=jira:')).entries).toHaveLength(1);
    expect((await audit('?jiraKey=ABC-9')).entries).toEqual([]);
    // The notice the change led to: its words and its recipients.
    h.clock.advance(20 * 60_000);
    await h.sendNotices();
    expect((await audit('?action=notice-sent')).entries).toEqual([
      expect.objectContaining({
        actor: 'bridge',
        new: expect.objectContaining({
          text: expect.stringContaining('moved from Planned to In development'),
          recipients: expect.arrayContaining(['1500000000000001']),
        }),
      }),
    ]);
    const page = await audit('?limit=2');
    expect(page.entries).toHaveLength(2);
    expect((await audit(`?limit=2&cursor=${page.nextCursor}`)).entries[0]!.id).toBeGreaterThan(page.entries[1]!.id);
  });

  it('names the admin token behind each admin action; a read-only token reads, and writes nothing', async () => {
    const alice = await tokenOf('pm-alice', 'admin');
    const reader = await tokenOf('ci-reader', 'read');
    expect((await call('POST', '/admin/links', alice, { jiraKey: 'TES-41', taskGid: TASK_GID })).status).toBe(201);
    const refused = await call('DELETE', '/admin/links/TES-41', reader);
    expect(refused.status).toBe(403);
    expect(await h.db.select().from(links)).toHaveLength(1);
    expect((await call('GET', '/admin/links', reader)).status).toBe(200);

    const actions = (await audit('?actor=admin:')).entries.map((e) => [e.action, e.actor]);
    expect(actions).toEqual([
      ['token-created', 'admin:ADMIN_TOKEN'],
      ['token-created', 'admin:ADMIN_TOKEN'],
      ['linked', 'admin:pm-alice'],
    ]);
    // Stored hashed: no row holds a usable token.
    const stored = JSON.stringify(await h.db.select().from(adminTokens));
    expect(stored).not.toContain(alice);
    expect(stored).not.toContain(reader);
    // Revoked, a token is refused, and the refusal writes nothing.
    expect((await call('DELETE', '/admin/tokens/pm-alice')).status).toBe(200);
    const before = (await h.db.select().from(auditLog)).length;
    expect((await call('GET', '/admin/links', alice)).status).toBe(401);
    expect((await h.db.select().from(auditLog)).length).toBe(before);
    expect((await call('POST', '/admin/tokens', undefined, { name: 'pm-alice' })).status).toBe(409);
  });

  it('exports the trail as NDJSON and as CSV that no spreadsheet runs as a formula', async () => {
    expect((await h.admin('POST', '', { jiraKey: 'TES-41', taskGid: TASK_GID })).status).toBe(201);
    await call('PUT', '/admin/users/acc-1', undefined, {
      trackerUserId: '1500000000000002',
      displayName: '=HYPERLINK("x")',
    });
    const ndjson = await (await call('GET', '/admin/audit/export?format=ndjson')).text();
    const lines = ndjson
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Entry);
    expect(lines.length).toBe((await audit('?limit=1000')).entries.length);
    const csv = await (await call('GET', '/admin/audit/export?format=csv&action=user-mapped')).text();
    const [header, row] = csv.trim().split('\r\n');
    expect(header).toBe('id,at,action,actor,mapping,jiraKey,taskGid,field,old,new,rule,cause');
    expect(row).toContain('user-mapped,admin:ADMIN_TOKEN');
    expect(row).toContain('""displayName"":""=HYPERLINK(\\""x\\"")""');
    expect((await call('GET', '/admin/audit/export?format=xml')).status).toBe(400);
    expect((await call('GET', '/admin/audit?from=yesterday')).status).toBe(400);
  });

  it('keeps the trail for ever unless audit.retainDays says otherwise', async () => {
    expect((await h.admin('POST', '', { jiraKey: 'TES-41', taskGid: TASK_GID })).status).toBe(201);
    const total = (await h.db.select().from(auditLog)).length;
    h.clock.advance(400 * 86_400_000);
    await pruneOld(h.ctx);
    expect((await h.db.select().from(auditLog)).length).toBe(total);
    await pruneOld({ ...h.ctx, config: { ...h.ctx.config, audit: { retainDays: 365 } } });
    expect(await h.db.select().from(auditLog)).toEqual([]);
  });
});
