import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/runtime/trackers';
import { BRIDGE_ACCOUNT_ID } from '../../demo/stand-ins/fake-jira';
import { nextRunAt } from '../../src/adapters/storage/jobs-admin-repo';
import { saveWebhookSecret } from '../../src/adapters/storage/webhook-registrations-repo';
import { asanaResource, trackerEventRows } from '../support/jobs';
import { createHarness, type Harness } from '../support/harness';
import { useMsw } from '../support/msw';
import { GID, PROJECT_GID, RAW_TEST_CONFIG, TASK_GID, USERS } from '../support/seed';

const server = useMsw();
let h: Harness;
const SECRET = 'asana-hook-secret-for-tests';
const PM = '1500000000000777';

beforeEach(async () => {
  h = await createHarness(server, {
    config: parseConfig({
      ...RAW_TEST_CONFIG,
      commit: {
        enabled: true,
        trigger: { kind: 'field', field: 'Stage', value: 'Committed' },
        requestTypeField: 'Request type',
        targets: { default: { project: 'ABC', issueType: 'Story' }, Bug: { project: 'ABC', issueType: 'Bug' } },
        labels: ['from-tracker'],
      },
      notifications: { recipients: { requesterField: 'Requester', addRequesterAsFollower: true } },
    }),
  });
  // The webhook was registered earlier (its handshake is tested in asana-webhook.test.ts).
  await saveWebhookSecret(h.db, asanaResource(PROJECT_GID), SECRET, h.clock.now());
});
afterEach(async () => {
  expect(h.specViolations).toEqual([]);
  await h.close();
});

let seq = 0;
/** A person changes the task in Asana; Asana delivers the event, signed. */
async function asanaEvent(action = 'changed', user = PM) {
  const body = JSON.stringify({
    events: [
      {
        user: { gid: user, resource_type: 'user' },
        created_at: new Date(h.clock.now() + seq++).toISOString(),
        action,
        resource: { gid: TASK_GID, resource_type: 'task' },
        parent: null,
        change: { field: 'custom_fields', action: 'changed' },
      },
    ],
  });
  const res = await h.postAsana(PROJECT_GID, body, SECRET);
  expect(res.status).toBe(200);
  return body;
}

async function commit() {
  h.fakeAsana.setValue(TASK_GID, GID.stage, GID.committed);
  await asanaEvent();
  await h.processTrackerEvents();
}

describe('committing a request', () => {
  it('creates the Jira issue, links both ways, tells the task, adds the requester and syncs', async () => {
    h.fakeAsana.setValue(TASK_GID, GID.requestType, GID.bug);
    await commit();
    const [issue] = h.fakeJira.created();
    expect(issue).toMatchObject({
      key: 'ABC-1',
      fields: {
        summary: 'Checkout redesign',
        issuetype: { name: 'Bug' },
        labels: ['from-tracker', `tracker-${TASK_GID}`],
        reporter: { accountId: 'acc-requester' },
      },
    });
    expect(JSON.stringify(issue!.fields.description)).toContain(`https://app.asana.com/0/${PROJECT_GID}/${TASK_GID}`);
    expect(h.fakeJira.remoteLinks('ABC-1')).toEqual([
      {
        globalId: `tracker-task:${TASK_GID}`,
        object: { url: `https://app.asana.com/0/${PROJECT_GID}/${TASK_GID}`, title: 'Checkout redesign' },
      },
    ]);
    expect(h.fakeAsana.comments(TASK_GID).map((c) => c.text)).toEqual(['Committed as ABC-1']);
    expect(h.fakeAsana.followers(TASK_GID)).toContain(USERS.requester);
    expect(h.fakeAsana.displayValues(TASK_GID)).toMatchObject({
      'Jira issue': 'ABC-1 https://jira.test/browse/ABC-1',
      'Delivery status': 'Planned',
    });
    const links = await (await h.admin('GET', '')).json();
    expect(links.links).toEqual([expect.objectContaining({ jiraKey: 'ABC-1', taskGid: TASK_GID })]);
  });

  it('never creates a second issue for duplicated or later events', async () => {
    await commit();
    const body = await asanaEvent(); // another change, then the same delivery again
    await h.postAsana(PROJECT_GID, body, SECRET);
    await h.processTrackerEvents();
    expect(h.fakeJira.created()).toHaveLength(1);
    expect(h.fakeAsana.comments(TASK_GID)).toHaveLength(1);
    expect((await trackerEventRows(h.db)).map((e) => e.outcome)).toEqual(['committed', 'already-committed']);
  });

  it('after an ambiguous create failure, finds the issue it created instead of creating another', async () => {
    h.loseNextJiraCreateResponse();
    await commit();
    expect(h.fakeJira.created()).toHaveLength(1);
    expect((await trackerEventRows(h.db))[0]).toMatchObject({
      status: 'pending',
      lastError: expect.stringContaining('HTTP 502'),
    });
    h.clock.advance(60_000);
    await h.processTrackerEvents();
    expect(h.fakeJira.created()).toHaveLength(1);
    expect((await trackerEventRows(h.db))[0]).toMatchObject({ status: 'done', outcome: 'committed' });
    expect(h.fakeAsana.comments(TASK_GID).map((c) => c.text)).toEqual(['Committed as ABC-1']);
  });

  it("ignores the bridge's own changes (no echo loops)", async () => {
    h.fakeAsana.setValue(TASK_GID, GID.stage, GID.committed);
    await asanaEvent('changed', USERS.bridge);
    await h.processTrackerEvents();
    expect(h.fakeJira.created()).toEqual([]);
    expect((await trackerEventRows(h.db))[0]?.outcome).toBe('own-change');
  });

  it('does not sync back the Jira events the bridge caused itself', async () => {
    await commit();
    const writes = h.taskWrites().length;
    const [issue] = h.fakeJira.created();
    const byBridge = {
      timestamp: h.clock.now(),
      webhookEvent: 'jira:issue_created',
      user: { accountId: BRIDGE_ACCOUNT_ID, displayName: 'Jira bridge' },
      issue,
    };
    expect((await h.postJira(byBridge)).status).toBe(200);
    await h.drain();
    expect(h.taskWrites()).toHaveLength(writes);
    expect(h.logs.filter((l) => l.msg === 'delivery processed').at(-1)).toMatchObject({ outcome: 'own-change' });
  });

  it('does nothing for a request that is not committed', async () => {
    h.fakeAsana.setValue(TASK_GID, GID.stage, GID.triage);
    await asanaEvent();
    await h.processTrackerEvents();
    expect(h.fakeJira.created()).toEqual([]);
  });
});

describe('un-committing', () => {
  it('stops the sync when the request leaves the committed state, and tells the Jira issue', async () => {
    await commit();
    h.fakeAsana.setValue(TASK_GID, GID.stage, GID.triage);
    await asanaEvent();
    await h.processTrackerEvents();
    expect((await (await h.admin('GET', '')).json()).links).toEqual([]);
    expect(JSON.stringify(h.fakeJira.comments('ABC-1'))).toContain(
      '\\"Checkout redesign\\" was withdrawn from the product tracker',
    );
  });

  it('committing again after a withdrawal links back to the same issue, reopens it and says why', async () => {
    await commit();
    // Engineers finished it before the request was withdrawn.
    h.fakeJira.change(
      'ABC-1',
      h.clock.now(),
      { displayName: 'Dana', accountId: 'acc-dana' },
      [],
      (f) => (f.status = { name: 'Done', statusCategory: { key: 'done' } }),
    );
    h.fakeAsana.setValue(TASK_GID, GID.stage, GID.triage);
    await asanaEvent();
    await h.processTrackerEvents();
    await commit();
    expect(h.fakeJira.created().map((i) => i.key)).toEqual(['ABC-1']);
    expect(h.fakeJira.issue('ABC-1')!.fields.status).toEqual({ name: 'To Do', statusCategory: { key: 'new' } });
    expect(JSON.stringify(h.fakeJira.comments('ABC-1'))).toContain(
      'This issue was reopened: its request \\"Checkout redesign\\" was committed again',
    );
    expect((await (await h.admin('GET', '')).json()).links).toEqual([
      expect.objectContaining({ jiraKey: 'ABC-1', taskGid: TASK_GID }),
    ]);
    expect((await trackerEventRows(h.db)).map((e) => e.outcome)).toEqual(['committed', 'uncommitted', 'recommitted']);
    // A repeated event changes nothing more: no second reopening or comment.
    await asanaEvent();
    await h.processTrackerEvents();
    expect(h.fakeJira.comments('ABC-1')).toHaveLength(2);
  });

  it('stops the sync when the task is deleted (as Asana itself says)', async () => {
    await commit();
    h.fakeAsana.deleteTask(TASK_GID);
    await asanaEvent('deleted');
    await h.processTrackerEvents();
    expect((await (await h.admin('GET', '')).json()).links).toEqual([]);
    expect(JSON.stringify(h.fakeJira.comments('ABC-1'))).toContain('was deleted in the product tracker');
  });

  it('a signed "deleted" event for a task that still exists changes nothing', async () => {
    await commit();
    await asanaEvent('deleted');
    await h.processTrackerEvents();
    expect((await (await h.admin('GET', '')).json()).links).toHaveLength(1);
    expect(h.fakeJira.comments('ABC-1')).toEqual([]);
  });

  it('a signed event about a task outside the tracker project does nothing', async () => {
    h.fakeAsana.moveTask(TASK_GID, '1200000000000999');
    h.fakeAsana.setValue(TASK_GID, GID.stage, GID.committed);
    await asanaEvent();
    expect(await h.processTrackerEvents()).toBe(1);
    expect(h.fakeJira.created()).toEqual([]);
    expect(h.fakeAsana.comments(TASK_GID)).toEqual([]);
    expect((await trackerEventRows(h.db))[0]?.outcome).toBe('outside-project');
  });

  it('retries a commit that failed on the backoff schedule, not before', async () => {
    h.fakeJira.faults.push({
      method: 'POST',
      path: /^\/rest\/api\/3\/issue$/,
      times: 50,
      respond: () => Response.json({ errorMessages: ['Service unavailable'] }, { status: 503 }),
    });
    await commit();
    const [event] = await trackerEventRows(h.db);
    expect(event).toMatchObject({ status: 'pending', attempts: 1 });
    expect(event!.nextAttemptAt).toBeGreaterThan(h.clock.now());
    expect(await h.processTrackerEvents()).toBe(0);
    expect(await nextRunAt(h.db)).toBe(event!.nextAttemptAt);
    h.fakeJira.faults.length = 0;
    h.clock.advance(event!.nextAttemptAt - h.clock.now());
    expect(await h.processTrackerEvents()).toBe(1);
    expect(h.fakeJira.created()).toHaveLength(1);
  });

  it('leaves links made by hand alone', async () => {
    h.fakeJira.put({
      id: '10040',
      key: 'TES-41',
      fields: {
        project: { key: 'TES' },
        issuetype: { name: 'Story' },
        status: { name: 'To Do', statusCategory: { key: 'new' } },
        updated: '2026-11-22T10:00:00.000+0000',
      },
    });
    expect((await h.admin('POST', '', { jiraKey: 'TES-41', taskGid: TASK_GID })).status).toBe(201);
    await commit();
    expect(h.fakeJira.created()).toEqual([]);
    expect((await trackerEventRows(h.db))[0]?.outcome).toBe('linked-by-hand');
  });
});
