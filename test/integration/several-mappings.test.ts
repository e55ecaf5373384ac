import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jiraTimestamp, type JiraIssueJson } from '../../demo/stand-ins/fake-jira';
import { listLinks } from '../../src/adapters/storage/links-repo';
import { reconcile } from '../../src/flows/reconcile/reconcile';
import { checkSetup } from '../../src/flows/setup/check-setup';
import { registerJiraWebhook } from '../../src/flows/setup/register-jira-webhook';
import { registerTrackerWebhook } from '../../src/flows/setup/register-tracker-webhook';
import { setupFields } from '../../src/flows/setup/setup-fields';
import { parseConfig } from '../../src/runtime/trackers';
import { createHarness, type Harness } from '../support/harness';
import { jiraFixture } from '../support/jira-fixtures';
import { useMsw } from '../support/msw';
import { GID, PROJECT_GID, RAW_TEST_CONFIG, TASK_GID } from '../support/seed';
import { saveWebhookSecret } from '../../src/adapters/storage/webhook-registrations-repo';
import { asanaResource } from '../support/jobs';
import { STATUSES } from '../support/story-issues';

// Two mappings in one deployment: the top-level one (Jira projects TES, KT, IDT, ABC to the
// feature-request project) and "mobile" (issues labelled mobile in ABC or MOB, to the mobile
// roadmap, with fields of its own). Every request to Asana is checked against its spec.
const server = useMsw();
let h: Harness;

const MOBILE_PROJECT = '1200000000000002';
const MOBILE_STATUS = '1100000000000031';
const MOBILE_TASK = '1300000000000031';
const BOTH_TASK = '1300000000000032';
const option = (gid: string, name: string) => ({ gid, name, enabled: true });

const mobileMapping = {
  name: 'mobile',
  scope: { projects: ['ABC', 'MOB'], jql: 'labels = "mobile"' },
  tracker: { projectGid: MOBILE_PROJECT },
  fields: {
    status: {
      field: 'Mobile status',
      map: { Done: 'Released' },
      byCategory: { new: 'Later', indeterminate: 'Building', done: 'Released' },
    },
    jiraKey: { field: 'Jira issue', format: 'key' },
  },
  notifications: { quietWindowMinutes: 1, maxHoldMinutes: 2 },
  commit: { enabled: true, targets: { default: { project: 'MOB', issueType: 'Story' } } },
};

const issue = (id: string, key: string, status: keyof typeof STATUSES, labels: string[] = []): JiraIssueJson => ({
  id,
  key,
  fields: {
    summary: `Issue ${key}`,
    project: { key: key.split('-')[0] },
    issuetype: { name: 'Story' },
    status: STATUSES[status],
    priority: { name: 'High' },
    labels,
    updated: jiraTimestamp(h.clock.now()),
  },
});

/** Jira's webhook body (a real one, with the issue swapped in) for a change of `changed`. */
async function deliver(changed: JiraIssueJson, deliveryId: string) {
  h.fakeJira.put(changed);
  const body = jiraFixture('issue_updated-mattermost-1.json');
  body.issue = { ...body.issue, id: changed.id, key: changed.key, fields: { ...body.issue.fields, ...changed.fields } };
  const res = await h.postJira(body, { 'x-atlassian-webhook-identifier': deliveryId });
  expect(res.status).toBe(200);
  await h.drain();
}

beforeEach(async () => {
  h = await createHarness(server, {
    config: parseConfig({ ...structuredClone(RAW_TEST_CONFIG), mappings: [mobileMapping] }),
    otherProjects: [
      {
        gid: MOBILE_PROJECT,
        name: 'Mobile roadmap',
        fields: [
          {
            gid: MOBILE_STATUS,
            name: 'Mobile status',
            resource_subtype: 'enum',
            enum_options: [
              option('1180000000000001', 'Later'),
              option('1180000000000002', 'Building'),
              option('1180000000000003', 'Released'),
            ],
          },
          // The same workspace field as the feature-request project's: one value per task.
          { gid: GID.jiraIssue, name: 'Jira issue', resource_subtype: 'text' },
        ],
      },
    ],
    extraTasks: [
      { gid: MOBILE_TASK, name: 'Offline mode', projectGids: [MOBILE_PROJECT] },
      { gid: BOTH_TASK, name: 'Dark mode', projectGids: ['1200000000000001', MOBILE_PROJECT] },
    ],
  });
});
afterEach(async () => {
  expect(h.specViolations).toEqual([]);
  await h.close();
});

describe('several mappings', () => {
  it('syncs two projects independently, each with its own fields', async () => {
    h.fakeJira.put(issue('7001', 'ABC-1', 'To Do'));
    h.fakeJira.put(issue('7002', 'MOB-1', 'To Do', ['mobile']));
    expect((await h.admin('POST', '', { jiraKey: 'ABC-1', taskGid: TASK_GID })).status).toBe(201);
    const mobile = await h.admin('POST', '', { jiraKey: 'MOB-1', taskGid: MOBILE_TASK });
    expect(mobile.status).toBe(201);
    expect(((await mobile.json()) as { link: { mapping: string } }).link.mapping).toBe('mobile');
    expect(h.fakeAsana.displayValues(MOBILE_TASK)).toEqual({ 'Mobile status': 'Later', 'Jira issue': 'MOB-1' });

    const before = h.taskWrites().length;
    await deliver(issue('7002', 'MOB-1', 'In Progress', ['mobile']), 'mob-1');
    expect(h.taskWrites().slice(before)).toEqual([
      { task: MOBILE_TASK, custom_fields: { [MOBILE_STATUS]: '1180000000000002' } },
    ]);
    await deliver(issue('7001', 'ABC-1', 'Done'), 'abc-1');
    expect(h.taskWrites().slice(before + 1)).toEqual([
      { task: TASK_GID, custom_fields: expect.objectContaining({ [GID.status]: GID.shipped }) },
    ]);
    expect(h.fakeAsana.displayValues(MOBILE_TASK)['Mobile status']).toBe('Building');
    // Each notice speaks of its own mapping's status field.
    await h.clock.advance(10 * 60_000);
    await h.sendNotices();
    expect(h.fakeAsana.comments(MOBILE_TASK).map((c) => c.text)).toEqual([
      expect.stringContaining('from Later to Building'),
    ]);
  });

  it('links a task in both projects under both mappings, and one Jira read syncs both', async () => {
    h.fakeJira.put(issue('7003', 'ABC-3', 'In Review', ['mobile']));
    const res = await h.admin('POST', '', { jiraKey: 'ABC-3', taskGid: BOTH_TASK });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ link: { mapping: 'default' }, mappings: ['default', 'mobile'] });
    expect(h.fakeAsana.displayValues(BOTH_TASK)).toMatchObject({
      'Delivery status': 'In review',
      'Mobile status': 'Building',
    });

    const reads = () => h.fakeJira.requests.filter((r) => r.method === 'GET' && r.path.includes('/issue/')).length;
    const readsBefore = reads();
    await deliver(issue('7003', 'ABC-3', 'Done', ['mobile']), 'abc-3');
    expect(reads() - readsBefore).toBe(1);
    expect(h.fakeAsana.displayValues(BOTH_TASK)).toMatchObject({
      'Delivery status': 'Shipped',
      'Mobile status': 'Released',
    });
    const processed = h.logs.findLast((l) => l.msg === 'delivery processed' && l.issueKey === 'ABC-3');
    expect(processed).toMatchObject({ outcome: 'updated', mappings: { default: 'updated', mobile: 'updated' } });

    // Unlinked under one mapping, the other goes on.
    expect((await h.admin('DELETE', '/ABC-3?mapping=mobile')).status).toBe(200);
    expect((await listLinks(h.db)).map((l) => [l.jiraKey, l.mapping])).toEqual([['ABC-3', 'default']]);
  });

  it("asks Jira about a mapping's JQL filter: an issue it does not match is linked only where it fits", async () => {
    h.fakeJira.put(issue('7004', 'ABC-4', 'To Do'));
    const res = await h.admin('POST', '', { jiraKey: 'ABC-4', taskGid: BOTH_TASK });
    expect(res.status).toBe(201);
    expect((await listLinks(h.db)).map((l) => l.mapping)).toEqual(['default']);
    // Named, the mapping that does not fit says why, and nothing is linked.
    h.fakeJira.put(issue('7005', 'ABC-5', 'To Do'));
    const refused = await h.admin('POST', '', { jiraKey: 'ABC-5', taskGid: MOBILE_TASK, mapping: 'mobile' });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(await refused.json())).toContain(
      'ABC-5 (ABC, Story) is outside the scope of mapping \\"mobile\\"',
    );
    const unknown = await h.admin('POST', '', { jiraKey: 'ABC-5', taskGid: MOBILE_TASK, mapping: 'web' });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(await unknown.json())).toContain('no mapping \\"web\\"');
    expect((await listLinks(h.db)).map((l) => l.jiraKey)).toEqual(['ABC-4']);
  });

  it('sets up, checks, reconciles and registers per mapping, with one Jira webhook for all', async () => {
    const setup = await setupFields(h.ctx, { dryRun: true });
    expect(setup.projects.map((p) => [p.project, p.mappings])).toEqual([
      ['1200000000000001', ['default']],
      [MOBILE_PROJECT, ['mobile']],
    ]);
    expect(setup.steps).toEqual([]);
    expect((await checkSetup(h.ctx)).problems).toEqual([]);

    const jira = await registerJiraWebhook(h.ctx, { JIRA_WEBHOOK_SECRET: 's' }, 'https://bridge.example.com');
    expect(jira.jql).toBe(
      '(project in ("TES", "KT", "IDT", "ABC")) OR (project in ("ABC", "MOB") AND (labels = "mobile"))',
    );
    const tracker = await registerTrackerWebhook(h.ctx, MOBILE_PROJECT, 'https://bridge.example.com');
    expect(tracker.target).toBe(`https://bridge.example.com/webhooks/asana/${MOBILE_PROJECT}`);
    expect(tracker.secretKnown).toBe(true);

    h.fakeJira.put(issue('7006', 'MOB-6', 'To Do', ['mobile']));
    expect((await h.admin('POST', '', { jiraKey: 'MOB-6', taskGid: MOBILE_TASK })).status).toBe(201);
    // A missed webhook: reconcile finds it through the mobile mapping's own scan.
    h.fakeJira.put(issue('7006', 'MOB-6', 'Done', ['mobile']));
    const report = await reconcile(h.ctx);
    expect(report.enqueued).toBe(1);
    await h.drain();
    expect(h.fakeAsana.displayValues(MOBILE_TASK)['Mobile status']).toBe('Released');
  });

  it('acts on a tracker event under the mapping of the project whose webhook sent it', async () => {
    const secret = 'mobile-hook-secret';
    await saveWebhookSecret(h.db, asanaResource(MOBILE_PROJECT), secret, h.clock.now());
    await saveWebhookSecret(h.db, asanaResource(PROJECT_GID), secret, h.clock.now());
    const added = (project: string) =>
      JSON.stringify({
        events: [
          {
            user: { gid: '1500000000000777', resource_type: 'user' },
            created_at: new Date(h.clock.now()).toISOString(),
            action: 'added',
            resource: { gid: MOBILE_TASK, resource_type: 'task' },
            parent: { gid: project, resource_type: 'project' },
          },
        ],
      });
    const post = (project: string, body: string) => h.postAsana(project, body, secret);
    // Through the feature-request project's webhook: the top-level mapping commits nothing.
    expect((await post(PROJECT_GID, added(PROJECT_GID))).status).toBe(200);
    await h.processTrackerEvents();
    expect(h.fakeJira.created()).toEqual([]);
    // Through the mobile roadmap's: the mobile mapping's commit settings make the Jira issue.
    expect((await post(MOBILE_PROJECT, added(MOBILE_PROJECT))).status).toBe(200);
    await h.processTrackerEvents();
    expect(h.fakeJira.created().map((i) => i.key)).toEqual(['MOB-1']);
    expect((await listLinks(h.db)).map((l) => [l.jiraKey, l.mapping])).toEqual([['MOB-1', 'mobile']]);
    expect(h.fakeAsana.displayValues(MOBILE_TASK)).toMatchObject({ 'Mobile status': 'Later', 'Jira issue': 'MOB-1' });
    // A resource no mapping names is refused, whatever it is signed with.
    expect((await post('1200000000000777', added('1200000000000777'))).status).toBe(401);
  });
});
