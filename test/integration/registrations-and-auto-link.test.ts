import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerJiraWebhook } from '../../src/flows/setup/register-jira-webhook';
import { registerTrackerWebhook } from '../../src/flows/setup/register-tracker-webhook';
import { parseConfig } from '../../src/runtime/trackers';
import { autoLinkScan } from '../../src/flows/links/auto-link';
import { checkSetup } from '../../src/flows/setup/check-setup';
import { webhookSecret } from '../../src/adapters/storage/webhook-registrations-repo';
import { asanaResource } from '../support/jobs';
import { COMMIT_FILTERS } from '../../src/adapters/tracker/asana/register-webhook';
import { taskIdFromUrl } from '../../src/adapters/tracker/asana/task-url';
import { createHarness, type Harness } from '../support/harness';
import { jiraFixture } from '../support/jira-fixtures';
import { useMsw } from '../support/msw';
import { CREDENTIALS, PROJECT_GID, RAW_TEST_CONFIG, TASK_GID } from '../support/seed';

const server = useMsw();
let h: Harness;
beforeEach(async () => {
  h = await createHarness(server, { config: parseConfig({ ...RAW_TEST_CONFIG, autoLink: true }) });
});
afterEach(async () => {
  expect(h.specViolations).toEqual([]);
  await h.close();
});

describe('asana-webhook register', () => {
  it('creates the webhook with the commit filters, completes the handshake, and a rerun changes nothing', async () => {
    const first = await registerTrackerWebhook(h.ctx, PROJECT_GID, 'https://bridge.example.com/');
    expect(first).toMatchObject({
      status: 'created',
      target: `https://bridge.example.com/webhooks/asana/${PROJECT_GID}`,
    });
    expect(h.fakeAsana.webhooks()).toEqual([
      expect.objectContaining({ resource: PROJECT_GID, target: first.target, filters: COMMIT_FILTERS }),
    ]);
    expect(await webhookSecret(h.db, asanaResource(PROJECT_GID))).toBe('secret-1');
    const again = await registerTrackerWebhook(h.ctx, PROJECT_GID, 'https://bridge.example.com');
    expect(again.status).toBe('exists');
    expect(h.fakeAsana.webhooks()).toHaveLength(1);
  });
});

describe('jira-webhook register', () => {
  it('registers the events, a JQL for the scope and the secret; a rerun updates instead of duplicating', async () => {
    const first = await registerJiraWebhook(
      h.ctx,
      { JIRA_WEBHOOK_SECRET: CREDENTIALS.webhookSecret },
      'https://bridge.example.com',
    );
    expect(first.status).toBe('created');
    expect(h.fakeJira.webhooks()).toEqual([
      expect.objectContaining({
        name: 'jira-tracker-bridge',
        url: 'https://bridge.example.com/webhooks/jira',
        events: ['jira:issue_created', 'jira:issue_updated', 'jira:issue_deleted'],
        filters: { 'issue-related-events-section': 'project in ("TES", "KT", "IDT", "ABC")' },
        secret: CREDENTIALS.webhookSecret,
      }),
    ]);
    expect(
      (await registerJiraWebhook(h.ctx, { JIRA_WEBHOOK_SECRET: 'rotated' }, 'https://bridge.example.com')).status,
    ).toBe('updated');
    expect(h.fakeJira.webhooks()).toEqual([expect.objectContaining({ secret: 'rotated' })]);
    await expect(
      registerJiraWebhook(h.ctx, { JIRA_WEBHOOK_SECRET: undefined }, 'https://bridge.example.com'),
    ).rejects.toThrow(/JIRA_WEBHOOK_SECRET/);
  });
});

describe('the same setup through the admin API (for Workers)', () => {
  const post = (path: string, body?: object) =>
    h.app.request(`/admin/setup${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${CREDENTIALS.adminToken}`, 'content-type': 'application/json' },
      ...(body && { body: JSON.stringify(body) }),
    });

  it('registers both webhooks and links existing work', async () => {
    expect(
      await (
        await post('/webhooks/tracker', { projectGid: PROJECT_GID, publicUrl: 'https://bridge.example.com' })
      ).json(),
    ).toMatchObject({ status: 'created' });
    expect(await (await post('/webhooks/jira', { publicUrl: 'https://bridge.example.com' })).json()).toMatchObject({
      status: 'created',
    });
    expect(await (await post('/links/auto?dryRun=true')).json()).toEqual({ scanned: 0, found: [], linked: 0 });
    const bad = await post('/webhooks/jira', { publicUrl: 'not a url' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.problems).toEqual([expect.stringMatching(/^publicUrl: must be an absolute URL/)]);
    for (const publicUrl of [
      'javascript:alert(1)',
      'ftp://bridge.example.com',
      'file:///etc/passwd',
      'http://bridge.example.com',
      'https://user:pw@bridge.example.com',
    ]) {
      const refused = await post('/webhooks/jira', { publicUrl });
      expect(refused.status, publicUrl).toBe(400);
      expect((await refused.json()).error.problems[0]).toMatch(/^publicUrl: must/);
    }
    expect(h.fakeJira.webhooks()).toHaveLength(1);
    expect((await post('/webhooks/jira', { publicUrl: 'http://127.0.0.1:8787' })).status).toBe(200);
    expect((await h.app.request('/admin/setup/links/auto', { method: 'POST' })).status).toBe(401);
  });
});

describe('existing work links itself', () => {
  const taskUrl = `https://app.asana.com/0/${PROJECT_GID}/${TASK_GID}`;

  it('on its first webhook, when the issue carries a remote link to a tracker task', async () => {
    h.fakeJira.put(jiraFixture('issue_updated-mattermost-1.json').issue);
    h.fakeJira.addRemoteLink('TES-41', taskUrl, 'Checkout redesign');
    expect((await h.postJira(jiraFixture('issue_updated-mattermost-1.json'))).status).toBe(200);
    await h.drain();
    expect((await (await h.admin('GET', '')).json()).links).toEqual([
      expect.objectContaining({ jiraKey: 'TES-41', taskGid: TASK_GID }),
    ]);
    expect(h.fakeAsana.displayValues(TASK_GID)['Delivery status']).toBe('In development');
  });

  it('through link --auto, with a dry run first', async () => {
    h.fakeJira.put({
      ...jiraFixture('issue_updated-mattermost-1.json').issue,
      fields: {
        ...jiraFixture('issue_updated-mattermost-1.json').issue.fields,
        updated: '2026-11-22T09:00:00.000+0000',
      },
    });
    h.fakeJira.addRemoteLink('TES-41', 'https://example.com/not-a-task');
    h.fakeJira.addRemoteLink(
      'TES-41',
      `https://app.asana.com/1/1100000000009999/project/${PROJECT_GID}/task/${TASK_GID}`,
    );
    expect(await autoLinkScan(h.ctx, { dryRun: true })).toEqual({
      scanned: 1,
      found: [{ jiraKey: 'TES-41', taskId: TASK_GID }],
      linked: 0,
    });
    expect((await (await h.admin('GET', '')).json()).links).toEqual([]);
    expect(await autoLinkScan(h.ctx, { dryRun: false })).toMatchObject({ linked: 1 });
    expect(await autoLinkScan(h.ctx, { dryRun: false })).toMatchObject({ found: [], linked: 0 });
  });

  it('through a configured Jira field holding the task URL', async () => {
    await h.close();
    h = await createHarness(server, {
      config: parseConfig({ ...RAW_TEST_CONFIG, autoLink: true, autoLinkJiraField: 'Tracker task' }),
      jiraFields: [{ id: 'customfield_10100', name: 'Tracker task', custom: true, schema: { type: 'string' } }],
    });
    const fixture = jiraFixture('issue_updated-mattermost-1.json');
    fixture.issue.fields.customfield_10100 = taskUrl;
    h.fakeJira.put(fixture.issue);
    expect((await h.postJira(fixture)).status).toBe(200);
    await h.drain();
    expect((await (await h.admin('GET', '')).json()).links).toEqual([
      expect.objectContaining({ jiraKey: 'TES-41', taskGid: TASK_GID }),
    ]);
    expect(h.fakeJira.requests.filter((r) => r.path.endsWith('/remotelink'))).toEqual([]); // the field was enough
    expect((await checkSetup(h.ctx)).notes).toContain('auto-link field: Jira field customfield_10100');
  });

  it('check reports an auto-link field the Jira site does not have', async () => {
    await h.close();
    h = await createHarness(server, {
      config: parseConfig({ ...RAW_TEST_CONFIG, autoLink: true, autoLinkJiraField: 'Tracker task' }),
    });
    expect((await checkSetup(h.ctx)).problems).toContain(
      'autoLinkJiraField: the Jira site has no field named "Tracker task"',
    );
  });

  it('reads task ids from Asana URLs only', () => {
    expect(taskIdFromUrl('https://app.asana.com/0/123/456')).toBe('456');
    expect(taskIdFromUrl('https://app.asana.com/0/123/456/f')).toBe('456');
    expect(taskIdFromUrl('https://app.asana.com/1/9/project/123/task/456?focus=true')).toBe('456');
    expect(taskIdFromUrl('https://evil.example.com/0/123/456')).toBeNull();
    expect(taskIdFromUrl('not a url')).toBeNull();
  });
});
