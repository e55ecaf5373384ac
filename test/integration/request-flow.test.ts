import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseJiraDateTime } from '../../src/adapters/jira/jira-dates';
import { createHarness, type Harness } from '../support/harness';
import { jiraFixture } from '../support/jira-fixtures';
import { useMsw } from '../support/msw';
import { CREDENTIALS } from '../support/seed';

// A request's flow from its Jira changelog (the stand-in keeps one as Jira does, paged), driven
// by the real bodies of TES-41: created, started, resolved, reopened.
const server = useMsw();
let h: Harness;

beforeEach(async () => {
  h = await createHarness(server);
});
afterEach(async () => {
  expect(h.specViolations).toEqual([]);
  await h.close();
});

const at = (name: string) => parseJiraDateTime(jiraFixture(name).issue.fields.updated);
const hours = (ms: number) => Math.round((ms / 3_600_000) * 10) / 10;
const flow = (key: string, token = CREDENTIALS.adminToken) =>
  h.app.request(`/admin/flow/${key}`, { headers: { authorization: `Bearer ${token}` } });

describe('flow metrics per request', () => {
  it('reads the status history from the changelog: lead, cycle and time in status, then a reopening', async () => {
    for (const name of [
      'issue_created-mattermost-1.json',
      'issue_updated-mattermost-1.json',
      'issue_updated-mattermost-2.json',
    ])
      h.fakeJira.put(jiraFixture(name).issue);
    const created = at('issue_created-mattermost-1.json');
    const started = at('issue_updated-mattermost-1.json');
    const resolved = at('issue_updated-mattermost-2.json');
    const res = await flow('tes-41');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      jiraKey: 'TES-41',
      status: 'Done',
      statusCategory: 'done',
      leadTimeHours: hours(resolved - created),
      cycleTimeHours: hours(resolved - started),
      reopenings: 0,
      hoursInStatus: { 'To Do': hours(started - created), 'In Progress': hours(resolved - started) },
      statusChanges: 2,
    });

    h.fakeJira.put(jiraFixture('issue_updated-mattermost-3.json').issue); // reopened to To Do
    expect(await (await flow('TES-41')).json()).toMatchObject({ status: 'To Do', leadTimeHours: null, reopenings: 1 });
  });

  it('answers 404 for an issue Jira does not have, and 400 for a malformed key', async () => {
    expect((await flow('TES-999')).status).toBe(404);
    expect((await flow('not-a-key')).status).toBe(400);
    expect((await flow('TES-41', 'wrong')).status).toBe(401);
  });
});
