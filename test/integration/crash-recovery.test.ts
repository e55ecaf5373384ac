import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startChildBridge, waitFor, type ChildBridge } from '../support/child-bridge';
import { jiraFixture, jiraFixtureRaw } from '../support/jira-fixtures';
import { startLoopbackWorld, type LoopbackWorld } from '../support/loopback-world';
import { CREDENTIALS, GID, TASK_GID } from '../support/seed';
import { hubSignature } from '../support/sign';

// A real `npm start` process, SIGKILLed mid-delivery, against Jira and Asana stand-ins on loopback.

let world: LoopbackWorld;
let bridges: ChildBridge[];
/** While set, Asana applies a PUT and then never answers (the response is lost). */
let loseNextPutResponse = false;

beforeEach(async () => {
  bridges = [];
  world = await startLoopbackWorld({
    issues: [jiraFixture('issue_created-mattermost-1.json').issue],
    tasks: [{ gid: TASK_GID, name: 'Checkout redesign' }],
    wrapAsana: (handler) => async (req) => {
      if (req.method === 'PUT' && loseNextPutResponse) {
        loseNextPutResponse = false;
        await handler(req);
        return new Promise<Response>(() => {});
      }
      return handler(req);
    },
  });
});

afterEach(async () => {
  await Promise.all(bridges.map((b) => b.kill()));
  world.close();
});

async function startBridge() {
  const bridge = await startChildBridge(world.env);
  bridges.push(bridge);
  return bridge;
}

const puts = () => world.taskWrites();
const issueReads = () => world.jira.requests.filter((r) => r.path.startsWith('/rest/api/3/issue/')).length;

async function linkAndDeliverStart(bridge: ChildBridge) {
  const linked = await fetch(`${bridge.url}/admin/links`, {
    method: 'POST',
    headers: { authorization: `Bearer ${CREDENTIALS.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ jiraKey: 'TES-41', taskGid: TASK_GID }),
  });
  expect(linked.status).toBe(201);
  expect(puts()).toHaveLength(1);
  // The engineer starts work: Jira's state moves, and Jira delivers the webhook.
  world.jira.put(jiraFixture('issue_updated-mattermost-1.json').issue);
}

async function deliver(bridge: ChildBridge) {
  const raw = jiraFixtureRaw('issue_updated-mattermost-1.json');
  return fetch(`${bridge.url}/webhooks/jira`, {
    method: 'POST',
    body: raw,
    headers: {
      'content-type': 'application/json',
      'x-hub-signature': hubSignature(CREDENTIALS.webhookSecret, raw),
      'x-atlassian-webhook-identifier': 'crash-1',
    },
  });
}

async function settled(bridge: ChildBridge) {
  let health: { backlog: { pending: number; failed: number } } | undefined;
  await waitFor('an empty backlog', async () => {
    health = await (await fetch(`${bridge.url}/health`)).json();
    return health!.backlog.pending === 0;
  });
  return health!;
}

describe('a bridge process killed with SIGKILL', () => {
  it('applies a delivery acknowledged before the kill after restart, exactly once', async () => {
    const first = await startBridge();
    await linkAndDeliverStart(first);
    // Hold Jira's answer so the process dies after the ack, before it can apply anything.
    let release!: () => void;
    world.jira.faults.push({
      method: 'GET',
      path: /\/issue\//,
      times: 1,
      respond: () => new Promise((r) => (release = () => r(new Response(null, { status: 503 })))),
    });
    const readsBefore = issueReads();
    expect((await deliver(first)).status).toBe(200);
    await waitFor('the sync to start', () => issueReads() > readsBefore);
    await first.kill('SIGKILL');
    release();

    const second = await startBridge();
    const health = await settled(second);
    expect(health.backlog.failed).toBe(0);
    expect(puts()).toEqual([expect.anything(), { [GID.status]: GID.inDevelopment }]);

    // Jira's own retry of the same delivery changes nothing.
    expect(await (await deliver(second)).json()).toEqual({ status: 'duplicate', deliveryId: 'jira:crash-1' });
    await settled(second);
    expect(puts()).toHaveLength(2);
  });

  it('does not write twice when it dies after Asana applied the write but before it heard back', async () => {
    const first = await startBridge();
    await linkAndDeliverStart(first);
    loseNextPutResponse = true;
    expect((await deliver(first)).status).toBe(200);
    await waitFor('the write to reach Asana', () => puts().length === 2);
    await first.kill('SIGKILL');

    const second = await startBridge();
    await settled(second);
    // The restarted bridge read the task, saw the write had landed, and sent nothing more.
    expect(puts()).toEqual([expect.anything(), { [GID.status]: GID.inDevelopment }]);
    expect(world.asana.displayValues(TASK_GID)['Delivery status']).toBe('In development');
    expect(second.logs).toContainEqual(
      expect.objectContaining({ msg: 'delivery processed', deliveryId: 'jira:crash-1', outcome: 'unchanged' }),
    );
  });
});
