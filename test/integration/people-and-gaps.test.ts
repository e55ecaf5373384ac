import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/runtime/trackers';
import { createHarness, type Harness } from '../support/harness';
import { jiraFixture } from '../support/jira-fixtures';
import { useMsw } from '../support/msw';
import { CREDENTIALS, GID, RAW_TEST_CONFIG, TASK_GID } from '../support/seed';

// Real Jira data: hidden e-mail addresses and statuses the mapping cannot place (issue 10, items 7 and 8).
const server = useMsw();
let h: Harness;

async function link(jiraKey: string, taskGid: string) {
  const res = await h.admin('POST', '', { jiraKey, taskGid });
  expect(res.status).toBe(201);
}

beforeEach(async () => {
  h = await createHarness(server);
});
afterEach(async () => {
  expect(h.specViolations).toEqual([]);
  await h.close();
});

describe('people whose e-mail Jira hides (the Jira Cloud default)', () => {
  const asAdmin = (method: string, path: string, body?: object) =>
    h.app.request(path, {
      method,
      headers: {
        authorization: `Bearer ${CREDENTIALS.adminToken}`,
        ...(body && { 'content-type': 'application/json' }),
      },
      ...(body && { body: JSON.stringify(body) }),
    });

  beforeEach(async () => {
    await h.close();
    h = await createHarness(server, {
      config: parseConfig({
        ...RAW_TEST_CONFIG,
        fields: { ...RAW_TEST_CONFIG.fields, assignee: { field: 'Engineer (person)', type: 'people' } },
      }),
    });
  });

  it('leaves the people field unchanged, reports the unmapped user, and writes them once an admin maps them', async () => {
    const issue = jiraFixture('issue_updated-mattermost-3.json').issue;
    h.fakeJira.put(issue);
    await link('TES-41', TASK_GID);
    expect(h.taskWrites()[0]?.custom_fields).toMatchObject({ [GID.engineerPerson]: ['1500000000000001'] });
    // Reassigned to someone whose e-mail is hidden: the field keeps its person, not an empty value.
    const hidden = { accountId: '5b10ac8d82e05b22cc7d4ef5', displayName: 'Hidden Hannah', active: true };
    const body = h.fakeJira.change('TES-41', h.clock.now() + 1_000, hidden, [], (f) => (f.assignee = hidden));
    expect((await h.postJira(body)).status).toBe(200);
    await h.drain();
    expect(h.fakeAsana.displayValues(TASK_GID)['Engineer (person)']).toBe('Test User');
    expect(
      h
        .taskWrites()
        .slice(1)
        .some((w) => GID.engineerPerson in (w.custom_fields as object)),
    ).toBe(false);
    expect((await (await h.app.request('/health')).json()).mappingGaps).toEqual({
      unmappedUsers: 1,
      unknownStatuses: 0,
      unmappedValues: 0,
    });
    const report = await (await asAdmin('GET', '/admin/users')).json();
    expect(report.unmapped).toEqual([
      expect.objectContaining({
        subject: hidden.accountId,
        detail: expect.stringContaining('Jira hides their e-mail address'),
        lastIssueKey: 'TES-41',
      }),
    ]);
    expect(report.mapped).toEqual([
      expect.objectContaining({
        jiraAccountId: '5c5f880629be9642ba529340',
        trackerUserId: '1500000000000001',
        source: 'email',
      }),
    ]);

    expect(
      (await asAdmin('PUT', `/admin/users/${hidden.accountId}`, { trackerUserId: '1500000000000004' })).status,
    ).toBe(200);
    expect((await (await h.app.request('/health')).json()).mappingGaps).toEqual({
      unmappedUsers: 0,
      unknownStatuses: 0,
      unmappedValues: 0,
    });
    const again = h.fakeJira.change('TES-41', h.clock.now() + 2_000, hidden, [], () => {});
    expect((await h.postJira(again)).status).toBe(200);
    await h.drain();
    expect(h.fakeAsana.displayValues(TASK_GID)['Engineer (person)']).toBe('Nia Newcomer');
    expect((await asAdmin('PUT', '/admin/users/x', { trackerUserId: 'Nia' })).status).toBe(400);
  });

  it('an issue with no status, or an unknown one without a category, keeps the status field and reports the gap', async () => {
    const issue = jiraFixture('issue_created-mattermost-1.json').issue;
    h.fakeJira.put(issue);
    await link('TES-41', TASK_GID);
    const before = h.fakeAsana.displayValues(TASK_GID)['Delivery status'];
    const body = h.fakeJira.change(
      'TES-41',
      h.clock.now() + 1_000,
      { displayName: 'Dana', accountId: 'acc-dana' },
      [],
      (f) => (f.status = { name: 'Parked by legal' }),
    );
    expect((await h.postJira(body)).status).toBe(200);
    await h.drain();
    expect(h.fakeAsana.displayValues(TASK_GID)['Delivery status']).toBe(before);
    expect((await (await h.app.request('/health')).json()).mappingGaps).toEqual({
      unmappedUsers: 0,
      unknownStatuses: 1,
      unmappedValues: 0,
    });
    const gaps = await (await asAdmin('GET', '/admin/mapping-gaps')).json();
    expect(gaps.gaps).toEqual([
      expect.objectContaining({ kind: 'unknown-status', subject: 'Parked by legal', field: 'Delivery status' }),
    ]);
  });
});
