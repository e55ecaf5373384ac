import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../support/harness';
import { jiraFixture, jiraFixtureRaw } from '../support/jira-fixtures';
import { deliveryRows } from '../support/jobs';
import { useMsw } from '../support/msw';
import { TASK_GID } from '../support/seed';

// Every job runs with a logger that carries its id, and that id goes out on every Jira and
// tracker call it makes, so both sides' logs can be joined.
const server = useMsw();
let h: Harness;
beforeEach(async () => {
  h = await createHarness(server);
});
afterEach(() => h.close());

describe('tracing a job', () => {
  it("tags the job's log lines and its Jira and Asana calls with one request id", async () => {
    h.fakeJira.put(jiraFixture('issue_created-mattermost-1.json').issue);
    expect((await h.admin('POST', '', { jiraKey: 'TES-41', taskGid: TASK_GID })).status).toBe(201);
    const [linked] = await deliveryRows(h.db);
    const linkId = `jira-delivery-${linked!.id}`;
    expect(h.logs.filter((l) => l.msg === 'delivery processed')).toEqual([
      expect.objectContaining({ requestId: linkId, jobId: linked!.id, kind: 'jira-delivery' }),
    ]);

    const jiraBefore = h.fakeJira.requests.length;
    const asanaBefore = h.fakeAsana.requests.length;
    h.fakeJira.put(jiraFixture('issue_updated-mattermost-1.json').issue);
    expect(
      (
        await h.postJira(jiraFixtureRaw('issue_updated-mattermost-1.json'), {
          'x-atlassian-webhook-identifier': 'trace-1',
        })
      ).status,
    ).toBe(200);
    await h.drain();
    const delivery = (await deliveryRows(h.db)).find((d) => d.deliveryKey === 'jira:trace-1')!;
    const requestId = `jira-delivery-${delivery.id}`;
    expect(h.logs.filter((l) => l.msg === 'delivery processed').at(-1)).toMatchObject({
      requestId,
      jobId: delivery.id,
      outcome: 'updated',
    });
    const jiraCalls = h.fakeJira.requests.slice(jiraBefore);
    const asanaCalls = h.fakeAsana.requests.slice(asanaBefore);
    expect(jiraCalls.length).toBeGreaterThan(0);
    expect(asanaCalls.map((r) => r.method)).toContain('PUT');
    for (const call of [...jiraCalls, ...asanaCalls])
      expect(call.headers['x-request-id'], `${call.method} ${call.path}`).toBe(requestId);
  });

  it('sends no request id on calls made outside a job', async () => {
    await h.ctx.tracker.tasks.getTask(TASK_GID);
    expect(h.fakeAsana.requests.at(-1)?.headers['x-request-id']).toBeUndefined();
  });
});
