import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseJiraDateTime } from '../../src/adapters/jira/jira-dates';
import { jiraTimestamp } from '../../demo/stand-ins/fake-jira';
import { createHarness, type Harness } from '../support/harness';
import { jiraFixture } from '../support/jira-fixtures';
import { useMsw } from '../support/msw';
import { CREDENTIALS, TASK_GID } from '../support/seed';

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

  it("reports each mapping's throughput, cycle time, work in progress and ageing, from the linked requests", async () => {
    // TES-41's real bodies, dated in the last days: created 5 days ago, started 3, resolved 1.
    const DAY = 86_400_000;
    const dated = (name: string, daysAgo: number) => {
      const issue = jiraFixture(name).issue;
      issue.fields.created = jiraTimestamp(h.clock.now() - 5 * DAY);
      issue.fields.updated = jiraTimestamp(h.clock.now() - daysAgo * DAY);
      return issue;
    };
    h.fakeJira.put(dated('issue_created-mattermost-1.json', 5));
    h.fakeJira.put(dated('issue_updated-mattermost-1.json', 3));
    h.fakeJira.put(dated('issue_updated-mattermost-2.json', 1));
    expect((await h.admin('POST', '', { jiraKey: 'TES-41', taskGid: TASK_GID })).status).toBe(201);
    const get = async (query = '') =>
      (await (
        await h.app.request(`/admin/flow${query}`, { headers: { authorization: `Bearer ${CREDENTIALS.adminToken}` } })
      ).json()) as {
        reports: Array<Record<string, unknown>>;
      };
    const { reports } = await get('?weeks=2');
    expect(reports).toEqual([
      expect.objectContaining({
        mapping: 'default',
        weeks: [
          expect.objectContaining({ done: expect.any(Number) }),
          expect.objectContaining({ done: expect.any(Number) }),
        ],
        cycleTimeDays: { p50: 2, p85: 2, p95: 2, count: 1 },
        leadTimeDays: { p50: 4, p85: 4, p95: 4, count: 1 },
        workInProgress: {},
        notYetRefreshed: 0,
      }),
    ]);
    expect((reports[0]!.weeks as Array<{ done: number }>).reduce((n, w) => n + w.done, 0)).toBe(1);
    // Computed once: a second report reads Jira only if the issue changed.
    const reads = h.fakeJira.requests.length;
    await get();
    expect(h.fakeJira.requests.length).toBe(reads);
    expect(
      (
        await h.app.request('/admin/flow?mapping=nope', {
          headers: { authorization: `Bearer ${CREDENTIALS.adminToken}` },
        })
      ).status,
    ).toBe(400);
  });
});
