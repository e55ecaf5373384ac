import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkSetup } from '../../src/flows/setup/check-setup';
import { parseConfig } from '../../src/runtime/trackers';
import { createHarness, type Harness } from '../support/harness';
import { jiraFixture } from '../support/jira-fixtures';
import { useMsw } from '../support/msw';
import { RAW_TEST_CONFIG, TASK_GID } from '../support/seed';

// `setup` gives the Asana project what the config writes and it lacks; every request it sends is
// checked against Asana's OpenAPI spec (specViolations).
const server = useMsw();
let h: Harness;

beforeEach(async () => {
  const config = structuredClone(RAW_TEST_CONFIG) as { fields: Record<string, unknown> };
  config.fields.custom = [
    { jira: 'labels', field: 'Labels', type: 'multi_enum', map: { beta: 'Beta' } },
    { jira: 'Team', field: 'Squad', type: 'enum', map: { 'Team Payments': 'Payments', 'Team Mobile': 'Mobile' } },
    { jira: 'components', field: 'Region', type: 'enum', map: { 'COMP-1': 'APAC' } },
  ];
  h = await createHarness(server, { config: parseConfig(config) });
});
afterEach(async () => {
  expect(h.specViolations).toEqual([]);
  await h.close();
});

const setup = (dryRun: boolean) =>
  h.app.request(`/admin/setup/fields${dryRun ? '?dryRun=true' : ''}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${h.ctx.secrets.adminToken}` },
  });

describe('tracker setup', () => {
  it('lists what is missing with dryRun, creates it once, and a rerun changes nothing', async () => {
    expect((await checkSetup(h.ctx)).problems).toHaveLength(3);
    const steps = [
      { action: 'add-options', field: 'Labels', type: 'multi_enum', options: ['Beta'] },
      { action: 'create-field', field: 'Squad', type: 'enum', options: ['Payments', 'Mobile'] },
      { action: 'add-field', field: 'Region', type: 'enum', options: [] },
      { action: 'add-options', field: 'Region', type: 'enum', options: ['APAC'] },
    ];
    // Every step, and the same per tracker project (one here).
    const planned = {
      problems: [],
      steps,
      projects: [{ project: '1200000000000001', mappings: ['default'], problems: [], steps }],
    };
    const before = h.fakeAsana.requests.filter((r) => r.method === 'POST').length;
    expect(await (await setup(true)).json()).toEqual(planned);
    expect(h.fakeAsana.requests.filter((r) => r.method === 'POST')).toHaveLength(before);

    expect(await (await setup(false)).json()).toEqual(planned);
    expect(await (await setup(false)).json()).toMatchObject({ problems: [], steps: [] });
    expect((await checkSetup(h.ctx)).problems).toEqual([]);

    // The new fields take values at once.
    const issue = jiraFixture('issue_updated-mattermost-1.json').issue;
    h.fakeJira.put({
      ...issue,
      fields: { ...issue.fields, labels: ['beta'], customfield_10050: { value: 'Team Mobile' } },
    });
    expect((await h.admin('POST', '', { jiraKey: 'TES-41', taskGid: TASK_GID })).status).toBe(201);
    expect(h.fakeAsana.displayValues(TASK_GID)).toMatchObject({ Labels: 'Beta', Squad: 'Mobile', Region: 'APAC' });
  });

  it('refuses a dryRun it does not understand (400), and changes nothing', async () => {
    for (const query of ['?dryRun=1', '?dryRun=yes', '?dry=true']) {
      const res = await h.app.request(`/admin/setup/fields${query}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${h.ctx.secrets.adminToken}` },
      });
      expect(res.status).toBe(400);
      expect((await res.json()).error.message).toMatch(/Invalid query/);
    }
    expect(h.fakeAsana.requests.filter((r) => r.method === 'POST')).toEqual([]);
  });

  it('needs the admin token', async () => {
    const res = await h.app.request('/admin/setup/fields', { method: 'POST' });
    expect(res.status).toBe(401);
    expect(h.fakeAsana.requests.filter((r) => r.method === 'POST')).toEqual([]);
  });
});
