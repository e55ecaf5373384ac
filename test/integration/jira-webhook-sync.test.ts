import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { links } from '../../src/adapters/storage/schema';
import { deliveryRows } from '../support/jobs';
import { createHarness, type Harness } from '../support/harness';
import { jiraFixture, jiraFixtureRaw } from '../support/jira-fixtures';
import { useMsw } from '../support/msw';
import { parseConfig } from '../../src/runtime/trackers';
import { GID, OTHER_TASK_GID, RAW_TEST_CONFIG, TASK_GID, TES_41_INITIAL_WRITE } from '../support/seed';

const server = useMsw();
let h: Harness;

const TES_41_KEY = 'TES-41 https://jira.test/browse/TES-41';

/** Jira's state becomes the fixture's issue, then the fixture's exact bytes are delivered. */
async function deliver(name: string, identifier = `id-${name}`) {
  h.fakeJira.put(jiraFixture(name).issue);
  const res = await h.postJira(jiraFixtureRaw(name), { 'x-atlassian-webhook-identifier': identifier });
  expect(res.status).toBe(200);
  await h.drain();
}

async function link(jiraKey: string, taskGid: string) {
  const res = await h.admin('POST', '', { jiraKey, taskGid });
  expect(res.status).toBe(201);
  return res.json();
}

beforeEach(async () => {
  h = await createHarness(server);
});
afterEach(async () => {
  expect(h.specViolations).toEqual([]);
  await h.close();
});

describe('real Jira webhook bodies drive the tracker', () => {
  it('follows TES-41 through its workflow, writing only what changed', async () => {
    h.fakeJira.put(jiraFixture('issue_created-mattermost-1.json').issue);
    await link('TES-41', TASK_GID);
    expect(h.taskWrites()).toEqual([
      {
        task: TASK_GID,
        custom_fields: TES_41_INITIAL_WRITE,
      },
    ]);

    // In Jira's own order of `updated`: created, fix version (no field change here), started, resolved,
    // reopened+assigned, unassigned, sprint.
    for (const name of [
      'issue_created-mattermost-1.json',
      'issue_updated-mattermost-5.json',
      'issue_updated-mattermost-1.json',
      'issue_updated-mattermost-2.json',
      'issue_updated-mattermost-3.json',
      'issue_updated-mattermost-4.json',
      'issue_updated-mattermost-6.json',
    ]) {
      await deliver(name);
    }
    expect(h.taskWrites().slice(1)).toEqual([
      { task: TASK_GID, custom_fields: { [GID.status]: GID.inDevelopment } },
      { task: TASK_GID, custom_fields: { [GID.status]: GID.shipped, [GID.resolution]: 'Done' } },
      {
        task: TASK_GID,
        custom_fields: { [GID.status]: GID.planned, [GID.engineer]: 'Test User', [GID.resolution]: null },
      },
      { task: TASK_GID, custom_fields: { [GID.engineer]: null } },
    ]);
    expect(h.fakeAsana.displayValues(TASK_GID)).toMatchObject({
      'Delivery status': 'Planned',
      Engineer: null,
      'Jira priority': 'High',
      'Jira issue': TES_41_KEY,
    });
  });

  it('reads sprint, fix versions and assignee of KT-22, finding the sprint field by name', async () => {
    // This site keeps Sprint in customfield_10021: the bridge must look it up, not assume an id.
    await h.close();
    h = await createHarness(server, {
      jiraFields: [
        {
          id: 'customfield_10021',
          name: 'Sprint',
          custom: true,
          schema: { type: 'array', custom: 'com.pyxis.greenhopper.jira:gh-sprint' },
        },
        { id: 'customfield_10016', name: 'Story point estimate', custom: true, schema: { type: 'number' } },
      ],
    });
    h.fakeJira.put(jiraFixture('issue_created-mattermost-2.json').issue);
    await link('KT-22', TASK_GID);
    const [write] = h.taskWrites();
    expect(write?.custom_fields).toMatchObject({
      [GID.status]: GID.planned,
      [GID.engineer]: 'Sample User',
      [GID.priority]: GID.medium,
      [GID.release]: 'version1, version2',
      [GID.sprint]: 'SCRUM1 Sprint 1',
      [GID.jiraIssue]: 'KT-22 https://jira.test/browse/KT-22',
    });
  });

  it('syncs a Jira issue moved to In Progress (zulip body, changelog without fieldId)', async () => {
    h.fakeJira.put(jiraFixture('issue_updated-zulip-1.json').issue);
    await link('TEST-1', OTHER_TASK_GID);
    expect(h.fakeAsana.displayValues(OTHER_TASK_GID)['Delivery status']).toBe('In development');
  });

  it('marks the link deleted and sets the configured status when the issue is deleted', async () => {
    h.fakeJira.put(jiraFixture('issue_deleted-mattermost-1.json').issue);
    await link('IDT-19', OTHER_TASK_GID);
    h.fakeJira.remove('IDT-19');
    const res = await h.postJira(jiraFixtureRaw('issue_deleted-mattermost-1.json'));
    expect(res.status).toBe(200);
    await h.drain();
    expect(h.taskWrites().at(-1)).toEqual({ task: OTHER_TASK_GID, custom_fields: { [GID.status]: GID.cancelled } });
    const [row] = await h.db.select().from(links).where(eq(links.jiraKey, 'IDT-19'));
    expect(row?.state).toBe('deleted');

    // A late update for the deleted issue changes nothing.
    const late = {
      ...jiraFixture('issue_created-mattermost-1.json'),
      issue: jiraFixture('issue_deleted-mattermost-1.json').issue,
    };
    await h.postJira(late);
    await h.drain();
    expect(h.taskWrites()).toHaveLength(2);
  });
});

describe('moves between projects', () => {
  it('keep the link by issue id, follow the new key, even out of scope', async () => {
    h.fakeJira.put(jiraFixture('issue_created-mattermost-1.json').issue);
    await link('TES-41', TASK_GID);
    // TES-41 becomes ZZZ-7 in a project the bridge does not follow; its id stays 10040.
    const moved = jiraFixture('issue_updated-mattermost-1.json');
    moved.issue.key = 'ZZZ-7';
    moved.issue.fields.project = { key: 'ZZZ', name: 'Elsewhere' };
    h.fakeJira.remove('TES-41');
    h.fakeJira.put(moved.issue);
    expect((await h.postJira(moved)).status).toBe(200);
    await h.drain();
    expect(h.taskWrites().at(-1)?.custom_fields).toEqual({
      [GID.status]: GID.inDevelopment,
      [GID.jiraIssue]: 'ZZZ-7 https://jira.test/browse/ZZZ-7',
    });
    const listed = await (await h.admin('GET', '')).json();
    expect(listed.links).toEqual([expect.objectContaining({ jiraKey: 'ZZZ-7', jiraIssueId: '10040' })]);
    // An unlinked issue of that project is still ignored.
    moved.issue.id = '99999';
    moved.issue.key = 'ZZZ-8';
    expect((await h.postJira(moved)).status).toBe(202);
  });
});

describe('people fields', () => {
  it('writes the assignee as an Asana user matched by e-mail, and clears it when unassigned', async () => {
    await h.close();
    h = await createHarness(server, {
      config: parseConfig({
        ...RAW_TEST_CONFIG,
        fields: { ...RAW_TEST_CONFIG.fields, assignee: { field: 'Engineer (person)', type: 'people' } },
      }),
    });
    h.fakeJira.put(jiraFixture('issue_updated-mattermost-3.json').issue);
    await link('TES-41', TASK_GID);
    expect(h.taskWrites()[0]?.custom_fields).toMatchObject({ [GID.engineerPerson]: ['1500000000000001'] });
    expect(h.fakeAsana.requests).toContainEqual(
      expect.objectContaining({ method: 'GET', path: '/api/1.0/users/some-instance-test%40gmail.com' }),
    );
    await deliver('issue_updated-mattermost-4.json');
    expect(h.taskWrites()[1]?.custom_fields).toEqual({ [GID.engineerPerson]: null });
  });
});

describe('duplicates and order', () => {
  beforeEach(async () => {
    h.fakeJira.put(jiraFixture('issue_created-mattermost-1.json').issue);
    await link('TES-41', TASK_GID);
  });

  it('applies a redelivery (same X-Atlassian-Webhook-Identifier) once', async () => {
    h.fakeJira.put(jiraFixture('issue_updated-mattermost-1.json').issue);
    const raw = jiraFixtureRaw('issue_updated-mattermost-1.json');
    const headers = { 'x-atlassian-webhook-identifier': 'abc-123' };
    const first = await h.postJira(raw, headers);
    await h.drain();
    const again = await h.postJira(raw, { ...headers, 'x-atlassian-webhook-retry': '1' });
    await h.drain();
    expect(await first.json()).toEqual({ status: 'accepted', deliveryId: 'jira:abc-123' });
    expect(await again.json()).toEqual({ status: 'duplicate', deliveryId: 'jira:abc-123' });
    expect(h.taskWrites()).toHaveLength(2);
    expect((await deliveryRows(h.db)).filter((d) => d.deliveryKey === 'jira:abc-123')).toHaveLength(1);
  });

  it('dedupes by a hash of the body when Jira sends no identifier', async () => {
    const raw = jiraFixtureRaw('issue_updated-mattermost-1.json');
    const a = await (await h.postJira(raw)).json();
    const b = await (await h.postJira(raw)).json();
    expect(a.deliveryId).toMatch(/^jira-body:[0-9a-f]{64}$/);
    expect(b).toEqual({ status: 'duplicate', deliveryId: a.deliveryId });
  });

  it('never moves a field back when deliveries arrive newest first', async () => {
    // Jira's state is already the newer one (Done); the older delivery (In Progress) comes last.
    h.fakeJira.put(jiraFixture('issue_updated-mattermost-2.json').issue);
    await h.postJira(jiraFixtureRaw('issue_updated-mattermost-2.json'));
    await h.drain();
    await h.postJira(jiraFixtureRaw('issue_updated-mattermost-1.json'));
    await h.drain();
    expect(h.taskWrites().slice(1)).toEqual([
      { task: TASK_GID, custom_fields: { [GID.status]: GID.shipped, [GID.resolution]: 'Done' } },
    ]);
    expect(h.fakeAsana.displayValues(TASK_GID)['Delivery status']).toBe('Shipped');
  });

  it('skips an issue state older than the one applied, even if Jira serves it', async () => {
    await deliver('issue_updated-mattermost-2.json'); // Done, updated 19:15
    await deliver('issue_updated-mattermost-1.json'); // In Progress, updated 19:14: stale
    expect(h.fakeAsana.displayValues(TASK_GID)['Delivery status']).toBe('Shipped');
    expect(h.logs.filter((l) => l.msg === 'delivery processed').at(-1)).toMatchObject({
      outcome: 'stale-issue-state',
      deliveryId: 'jira:id-issue_updated-mattermost-1.json',
    });
  });

  it('coalesces a burst for one issue into one read and one write', async () => {
    h.fakeJira.put(jiraFixture('issue_updated-mattermost-2.json').issue);
    for (const name of [
      'issue_updated-mattermost-1.json',
      'issue_updated-mattermost-2.json',
      'issue_updated-mattermost-5.json',
    ]) {
      await h.postJira(jiraFixtureRaw(name));
    }
    const issueReads = () => h.fakeJira.requests.filter((r) => r.path.startsWith('/rest/api/3/issue/')).length;
    const readsBefore = issueReads();
    expect(await h.drain()).toBe(1);
    expect(issueReads() - readsBefore).toBe(1);
    expect(h.taskWrites()).toHaveLength(2);
    const done = (await deliveryRows(h.db)).filter((d) => d.status === 'done');
    expect(done.filter((d) => d.source === 'jira')).toHaveLength(3);
  });
});

describe('deliveries for issues nobody linked', () => {
  it('are stored, then settled without touching Jira or Asana', async () => {
    const res = await h.postJira(jiraFixtureRaw('issue_updated-mattermost-1.json'));
    expect(res.status).toBe(200);
    await h.drain();
    expect(h.fakeJira.requests).toEqual([]);
    expect(h.fakeAsana.requests).toEqual([]);
    const [row] = await deliveryRows(h.db);
    expect(row).toMatchObject({ status: 'done', outcome: 'unlinked' });
  });
});
