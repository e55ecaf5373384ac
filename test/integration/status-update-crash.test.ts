import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { POST_SETTLE_MS } from '../../src/flows/notify/send-notice';
import { startChildBridge, waitFor, type ChildBridge } from '../support/child-bridge';
import { jiraFixture } from '../support/jira-fixtures';
import { startLoopbackWorld, type LoopbackWorld } from '../support/loopback-world';
import { CREDENTIALS, RAW_TEST_CONFIG, TASK_GID } from '../support/seed';

// A real `npm start` process SIGKILLed while it posts a status update, against the stand-ins on
// loopback: after a restart, the period's update is on the project exactly once.

let world: LoopbackWorld;
let bridges: ChildBridge[] = [];
/** Where the next status update post is held: before Asana sees it, or after it landed (answer not yet sent). */
let holdNextPost: 'before' | 'after' | null = null;
let held = false;

afterEach(async () => {
  await Promise.all(bridges.map((b) => b.kill()));
  bridges = [];
  world.close();
});

async function start() {
  held = false;
  world = await startLoopbackWorld({
    issues: [jiraFixture('issue_created-mattermost-1.json').issue],
    tasks: [{ gid: TASK_GID, name: 'Checkout redesign' }],
    wrapAsana: (handler) => async (req) => {
      if (req.method === 'POST' && new URL(req.url).pathname.endsWith('/status_updates') && holdNextPost) {
        const when = holdNextPost;
        holdNextPost = null;
        if (when === 'after') await handler(req);
        held = true;
        return new Promise<Response>(() => {}); // the bridge dies waiting
      }
      return handler(req);
    },
  });
  const config = { ...RAW_TEST_CONFIG, statusUpdates: { schedule: '0 9 * * MON', timeZone: 'Europe/Paris' } };
  writeFileSync(join(world.dir, 'config.json'), JSON.stringify(config));
}

async function bridge() {
  const b = await startChildBridge(world.env);
  bridges.push(b);
  return b;
}

const admin = (b: ChildBridge, method: string, path: string, body?: object) =>
  fetch(`${b.url}/admin${path}`, {
    method,
    headers: { authorization: `Bearer ${CREDENTIALS.adminToken}`, 'content-type': 'application/json' },
    ...(body && { body: JSON.stringify(body) }),
  });

async function killMidPost(when: 'before' | 'after') {
  await start();
  const first = await bridge();
  expect((await admin(first, 'POST', '/links', { jiraKey: 'TES-41', taskGid: TASK_GID })).status).toBe(201);
  holdNextPost = when;
  void admin(first, 'POST', '/status-updates', {}).catch(() => {});
  await waitFor('the post to be under way', () => held);
  await first.kill('SIGKILL');
  expect(world.asana.statusUpdates()).toHaveLength(when === 'after' ? 1 : 0);

  const second = await bridge();
  // The restarted bridge waits for the interrupted post to settle, looks for it, and posts only if it is not there.
  await waitFor(
    'the update to be recorded as sent',
    async () => {
      const { updates } = (await (await admin(second, 'GET', '/status-updates')).json()) as {
        updates: Array<{ status: string }>;
      };
      return updates[0]?.status === 'sent';
    },
    POST_SETTLE_MS + 20_000,
  );
  expect(world.asana.statusUpdates()).toHaveLength(1);
  const { updates } = (await (await admin(second, 'GET', '/status-updates')).json()) as {
    updates: Array<{ trackerId: string }>;
  };
  expect(updates).toEqual([expect.objectContaining({ trackerId: world.asana.statusUpdates()[0]!.gid })]);
  // Asking again posts nothing more.
  expect(await (await admin(second, 'POST', '/status-updates', {})).json()).toMatchObject({ outcome: 'already-sent' });
  expect(world.asana.statusUpdates()).toHaveLength(1);
}

describe('a status update across a SIGKILL', () => {
  it(
    'killed after the update landed but before Asana answered: found, not posted again',
    () => killMidPost('after'),
    90_000,
  );

  it('killed before the post reached Asana: posted once after the restart', () => killMidPost('before'), 90_000);
});
