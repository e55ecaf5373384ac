import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_JIRA_FIELDS } from '../../demo/stand-ins/fake-jira';
import { expectedFields } from '../../src/engine/expected-fields';
import { notifyingFields } from '../../src/engine/notices/notice-changes';
import { checkSetup } from '../../src/flows/setup/check-setup';
import { setupFields } from '../../src/flows/setup/setup-fields';
import { usersCommand } from '../../src/runtime/node/cli-users';
import { parseConfig } from '../../src/runtime/trackers';
import { createHarness, type Harness } from '../support/harness';
import { jiraFixture, jiraFixtureRaw } from '../support/jira-fixtures';
import { useMsw } from '../support/msw';
import { GID, RAW_TEST_CONFIG, TASK_GID, USERS } from '../support/seed';

// Any Jira field to any tracker field (`fields.custom`), driven by real Jira bodies; every
// request to the Asana stand-in is checked against Asana's OpenAPI spec (specViolations).
const server = useMsw();
let h: Harness;
const LABELS = '1100000000000014';
const TEAM = '1100000000000015';

beforeEach(async () => {
  const config = structuredClone(RAW_TEST_CONFIG) as { fields: Record<string, unknown> };
  config.fields.custom = [
    { jira: 'labels', field: 'Labels', type: 'multi_enum', map: { beta: 'Other' } },
    { jira: 'Team', field: 'Team', type: 'enum', map: { 'Team Payments': 'Payments' }, unmapped: 'report' },
    { jira: 'components', field: 'Engineer', type: 'text' },
    { jira: 'customfield_10060', field: 'Engineer (person)', type: 'people' },
  ];
  h = await createHarness(server, {
    config: parseConfig(config),
    jiraFields: [
      ...DEFAULT_JIRA_FIELDS,
      {
        id: 'customfield_10060',
        name: 'Reviewers',
        custom: true,
        schema: { type: 'array', custom: 'multiuserpicker' },
      },
    ],
  });
});
afterEach(async () => {
  expect(h.specViolations).toEqual([]);
  await h.close();
});

const issue = (fields: Record<string, unknown>) => {
  const body = jiraFixture('issue_updated-mattermost-1.json').issue;
  return { ...body, fields: { ...body.fields, ...fields } };
};

async function deliver(fields: Record<string, unknown>, id: string) {
  h.fakeJira.put(issue(fields));
  const res = await h.postJira(jiraFixtureRaw('issue_updated-mattermost-1.json'), {
    'x-atlassian-webhook-identifier': id,
  });
  expect(res.status).toBe(200);
  await h.drain();
}

describe('fields.custom', () => {
  it('maps labels to a multi-select, a select by name to an enum and components to text', async () => {
    h.fakeJira.put(issue({ customfield_10050: { value: 'Team Payments', id: '1' } }));
    expect((await h.admin('POST', '', { jiraKey: 'TES-41', taskGid: TASK_GID })).status).toBe(201);
    expect(h.fakeAsana.displayValues(TASK_GID)).toMatchObject({
      Labels: 'test-label',
      Team: 'Payments',
      Engineer: 'COMP-1',
    });

    await deliver({ labels: ['beta', 'test-label', 'customer', 'BETA'], customfield_10050: null }, 'd-1');
    const [, second] = h.taskWrites();
    // In Jira's order, each option once; the Team is cleared.
    expect(second?.custom_fields).toEqual({
      [LABELS]: ['1150000000000003', '1150000000000001', '1150000000000002'],
      [TEAM]: null,
    });
    expect(h.fakeAsana.displayValues(TASK_GID).Labels).toBe('test-label, customer, Other');

    // Asana reads the options back in its own order: the same set is not written again.
    await deliver({ labels: ['customer', 'test-label', 'beta'], customfield_10050: null }, 'd-2');
    expect(h.taskWrites()).toHaveLength(2);
  });

  it('writes the people of a user picker as tracker users, found by the e-mail Jira shows', async () => {
    const sam = { accountId: 'acc-sam', displayName: 'Sam S.', emailAddress: 'sam@example.com', active: true };
    const nia = { accountId: 'acc-nia', displayName: 'Nia N.', emailAddress: 'nia@example.com', active: true };
    h.fakeJira.put(issue({ customfield_10060: [sam, nia] }));
    expect((await h.admin('POST', '', { jiraKey: 'TES-41', taskGid: TASK_GID })).status).toBe(201);
    expect(h.taskWrites()[0]?.custom_fields).toMatchObject({
      [GID.engineerPerson]: [USERS.stakeholder, USERS.newcomer],
    });
  });

  it('leaves a people field with someone the user map cannot place, and cli users says who, why and where', async () => {
    const hidden = { accountId: 'acc-hidden', displayName: 'Hidden H.', active: true };
    h.fakeJira.put(issue({ customfield_10060: [hidden] }));
    expect((await h.admin('POST', '', { jiraKey: 'TES-41', taskGid: TASK_GID })).status).toBe(201);
    expect(h.taskWrites()[0]?.custom_fields).not.toHaveProperty(GID.engineerPerson);
    let text = '';
    await usersCommand(h.ctx, [], (t) => (text = t));
    expect(text).toContain(
      'acc-hidden                   Hidden H.: Jira hides their e-mail address; map them with: npm run cli -- users map acc-hidden <asana user id> (Engineer (person); last on TES-41, 1x)',
    );
  });

  it('check names a Jira field the site lacks and a tracker field or option the project lacks', async () => {
    await h.close();
    const config = structuredClone(RAW_TEST_CONFIG) as { fields: Record<string, unknown> };
    config.fields.custom = [
      { jira: 'Nope', field: 'Labels', type: 'multi_enum' },
      { jira: 'Team', field: 'Squad', type: 'enum' },
      { jira: 'labels', field: 'Labels', type: 'multi_enum', map: { beta: 'Beta' } },
    ];
    h = await createHarness(server, { config: parseConfig(config) });
    const report = await checkSetup(h.ctx);
    expect(report.problems).toEqual(
      expect.arrayContaining([
        'fields.custom[0]: the Jira site has no field with the id or name "Nope" — see: npm run cli -- fields',
        expect.stringContaining('fields.custom[1] (Team): Asana field "Squad" does not exist in the project'),
        expect.stringMatching(/fields\.custom\[2\] \(labels\).*"Beta"/),
      ]),
    );
    expect(report.notes).toContain('Squad: Jira field customfield_10050 ("Team")');
    expect(notifyingFields(h.ctx.config.fields).get('Labels')).toBe(true);
  });

  it('lists workspaces and projects, the tracker fields with options and the Jira fields, as the spec allows', async () => {
    expect(await h.ctx.tracker.setup.listProjects()).toEqual([
      {
        id: '1100000000009999',
        name: 'Acme',
        projects: expect.arrayContaining([{ id: h.ctx.tracker.projectId, name: 'Feature requests' }]),
      },
    ]);
    expect(await h.ctx.tracker.setup.listFields()).toContainEqual({
      name: 'Labels',
      type: 'multi_enum',
      options: ['test-label', 'customer', 'Other'],
    });
    expect(await h.ctx.jira.listFields()).toContainEqual(
      expect.objectContaining({ id: 'customfield_10050', name: 'Team', custom: true }),
    );
  });

  it('leaves a field whose Jira value the map does not list, and reports it', async () => {
    h.fakeJira.put(issue({ customfield_10050: { value: 'Team Mobile', id: '2' } }));
    expect((await h.admin('POST', '', { jiraKey: 'TES-41', taskGid: TASK_GID })).status).toBe(201);
    expect(h.taskWrites()[0]?.custom_fields).not.toHaveProperty(TEAM);
    const health = (await (await h.app.request('/health')).json()) as { mappingGaps: Record<string, number> };
    expect(health.mappingGaps).toMatchObject({ unmappedValues: 1 });
  });
});

describe('twenty mapped fields', () => {
  it('cost one Jira read and one tracker write for a burst of thirty deliveries', async () => {
    await h.close();
    const config = structuredClone(RAW_TEST_CONFIG) as Record<string, unknown> & { fields: Record<string, unknown> };
    config.sync = { debounce: { quietMs: 1_000, maxDelayMs: 5_000 } };
    config.fields.custom = [
      { jira: 'labels', field: 'Labels', type: 'multi_enum' },
      { jira: 'Team', field: 'Team', type: 'enum', map: { 'Team Payments': 'Payments' } },
      { jira: 'issuetype', field: 'Request type', type: 'enum', map: { Story: 'Feature' }, unmapped: 'leave' },
      { jira: 'reporter', field: 'Requester', type: 'people' },
      { jira: 'summary', field: 'Title', type: 'text' },
      { jira: 'components', field: 'Components', type: 'text' },
      { jira: 'Issue Type', field: 'Issue type', type: 'text' },
      { jira: 'status', field: 'Jira status', type: 'text' },
      { jira: 'Priority', field: 'Priority (text)', type: 'text' },
      { jira: 'project', field: 'Jira project', type: 'text' },
      { jira: 'Story Points', field: 'Points (text)', type: 'text' },
    ];
    h = await createHarness(server, { config: parseConfig(config) });
    // The fields the project lacks are created first (one run of setup).
    expect((await setupFields(h.ctx, { dryRun: false })).steps.filter((s) => s.action === 'create-field')).toHaveLength(
      7,
    );
    const mapped = [...expectedFields(h.ctx.config.fields)].map((f) => f.name);
    expect(new Set(mapped).size).toBe(20);
    h.fakeJira.put(issue({ customfield_10050: { value: 'Team Payments' } }));
    expect((await h.admin('POST', '', { jiraKey: 'TES-41', taskGid: TASK_GID })).status).toBe(201);

    const reads = () => h.fakeJira.requests.filter((r) => r.method === 'GET' && r.path.includes('/issue/')).length;
    const [readsBefore, writesBefore] = [reads(), h.taskWrites().length];
    for (let n = 1; n <= 30; n++) {
      h.fakeJira.put(
        issue({ labels: [['test-label', 'customer', 'Other'][n % 3]], summary: `Checkout redesign, take ${n}` }),
      );
      const body = h.fakeJira.change('TES-41', h.clock.now(), { displayName: 'Dev', accountId: 'dev' }, [], () => {});
      expect((await h.postJira(body, { 'x-atlassian-webhook-identifier': `burst-${n}` })).status).toBe(200);
      h.clock.advance(30);
      expect(await h.drain()).toBe(0);
    }
    h.clock.advance(1_000);
    expect(await h.drain()).toBe(1);
    expect(reads() - readsBefore).toBe(1);
    expect(h.taskWrites().length - writesBefore).toBe(1);
    expect(h.fakeAsana.displayValues(TASK_GID)).toMatchObject({
      Labels: 'test-label',
      Title: 'Checkout redesign, take 30',
    });
  });
});
