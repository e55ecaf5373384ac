import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/runtime/trackers';
import { claimDueJob } from '../../src/adapters/storage/jobs-repo';
import { listNotices, startSending } from '../../src/adapters/storage/notices-repo';
import { NOTICE } from '../../src/flows/jobs/notice-job';
import { noticeJobOf } from '../support/jobs';
import { createHarness, type Harness } from '../support/harness';
import { createNoticeHarness } from '../support/notice-harness';
import { jiraFixture } from '../support/jira-fixtures';
import { useMsw } from '../support/msw';
import { OTHER_TASK_GID, RAW_TEST_CONFIG, TASK_GID, USERS } from '../support/seed';

const server = useMsw();
let h: Harness;
const MIN = 60_000;
const dana = { displayName: 'Dana Developer', accountId: '5b10a2844c20165700ede21g' };
const status = (name: string, key: string) => ({ name, statusCategory: { key } });

async function start(notifications: object = {}) {
  await h?.close();
  h = await createNoticeHarness(server, notifications);
}

/** An engineer changes TES-41 in Jira now; Jira delivers the webhook; the bridge syncs it. */
async function engineer(mutate: (fields: Record<string, unknown>) => void, who = dana) {
  const body = h.fakeJira.change('TES-41', h.clock.now(), who, [], mutate);
  expect((await h.postJira(body)).status).toBe(200);
  await h.drain();
}

const comments = () => h.fakeAsana.comments(TASK_GID);
const comment = (i = 0) =>
  (
    h.fakeAsana.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/stories'))[i]?.body as {
      data: { html_text: string };
    }
  ).data.html_text;

beforeEach(async () => start());
afterEach(async () => {
  expect(h.specViolations).toEqual([]);
  await h.close();
});

describe('coalescing', () => {
  it('holds changes until the task is quiet for the window, then sends one comment with the net change', async () => {
    await engineer((f) => (f.status = status('In Progress', 'indeterminate')));
    h.clock.advance(1 * MIN);
    await engineer((f) => {
      f.status = status('Done', 'done');
      f.resolution = { name: 'Done' };
    });
    h.clock.advance(2 * MIN + 59_000);
    expect(await h.sendNotices()).toBe(0); // 2:59 after the last change: still held
    h.clock.advance(1_000);
    expect(await h.sendNotices()).toBe(1);
    expect(comments()).toHaveLength(1);
    expect(comment()).toBe(
      `<body><a data-asana-gid="${USERS.requester}"/> <a data-asana-gid="${USERS.stakeholder}"/> Checkout redesign moved from Planned to Shipped ` +
        '(<a href="https://jira.test/browse/TES-41#bridge-notice-1">TES-41</a>, changed in Jira by Dana Developer)' +
        '<ul><li><strong>Delivery status</strong>: Planned → Shipped</li><li><strong>Resolution</strong>: none → Done</li></ul></body>',
    );
    expect(comments()[0]?.text).toBe(
      '@Test User @Sam Stakeholder Checkout redesign moved from Planned to Shipped (TES-41, changed in Jira by Dana Developer)\n• Delivery status: Planned → Shipped\n• Resolution: none → Done',
    );
  });

  it('sends nothing when a value changes and changes back inside the window', async () => {
    await engineer((f) => (f.status = status('In Progress', 'indeterminate')));
    h.clock.advance(1 * MIN);
    await engineer((f) => (f.status = status('To Do', 'new')));
    h.clock.advance(10 * MIN);
    await h.sendNotices();
    expect(comments()).toEqual([]);
    expect((await listNotices(h.db)).map((n) => n.status)).toEqual(['cancelled']);
  });

  it('sends at the cap even if the task never goes quiet, and at most one comment per window', async () => {
    for (let minute = 0; minute <= 12; minute += 2) {
      await engineer((f) => (f.assignee = { displayName: `Engineer ${minute}` }));
      await h.sendNotices();
      h.clock.advance(2 * MIN);
    }
    // The next notice waits for a full window after the last one (sent at 10:00), so 15:00.
    expect(await h.sendNotices()).toBe(0); // 14:00
    h.clock.advance(1 * MIN);
    expect(await h.sendNotices()).toBe(1);
    const sentAt = comments().map((c) => Date.parse(c.created_at) - Date.parse('2026-11-22T10:00:00.000Z'));
    expect(sentAt).toEqual([10 * MIN, 15 * MIN]); // the cap: 10 minutes after the first held change
    expect(comments()[0]?.text).toContain('Engineer: none → Engineer 10');
    expect(comments()[1]?.text).toContain('Engineer: Engineer 10 → Engineer 12');
  });

  it('updates silent fields without a word', async () => {
    await engineer((f) => (f.customfield_10020 = [{ id: 1, name: 'Sprint 9', state: 'active' }]));
    h.clock.advance(10 * MIN);
    await h.sendNotices();
    expect(h.taskWrites().at(-1)?.custom_fields).toEqual({ '1100000000000005': 'Sprint 9' });
    expect(comments()).toEqual([]);
  });
});

describe('urgent transitions', () => {
  it('skip the wait', async () => {
    await start({ urgent: { 'Delivery status': ['Shipped', 'Blocked'] } });
    await engineer((f) => (f.status = status('Done', 'done')));
    expect(await h.sendNotices()).toBe(1);
    expect(comments()[0]?.text).toContain('moved from Planned to Shipped');
  });
});

describe('quiet hours', () => {
  it('hold a notice across the time zone boundary until they end, then send one digest', async () => {
    await start({ quietHours: { timeZone: 'America/New_York', start: '19:00', end: '08:00' } });
    h.clock.advance(Date.parse('2026-11-22T23:57:00Z') - h.clock.now()); // 18:57 in New York
    await engineer((f) => (f.status = status('In Progress', 'indeterminate')));
    h.clock.advance(2 * MIN); // 18:59
    await engineer((f) => (f.assignee = { displayName: 'Dana Developer' }));
    const [notice] = await listNotices(h.db);
    expect(new Date(notice!.dueAt).toISOString()).toBe('2026-11-23T13:00:00.000Z'); // 08:00 New York
    h.clock.advance(Date.parse('2026-11-23T12:59:00Z') - h.clock.now());
    expect(await h.sendNotices()).toBe(0);
    h.clock.advance(1 * MIN);
    expect(await h.sendNotices()).toBe(1);
    expect(comments()[0]?.text).toContain('moved from Planned to In development');
    expect(comments()[0]?.text).toContain('Engineer: none → Dana Developer');
  });

  it('let urgent notices through', async () => {
    await start({
      quietHours: { timeZone: 'Europe/Berlin', start: '00:00', end: '23:59' },
      urgent: { 'Delivery status': ['Shipped'] },
    });
    await engineer((f) => (f.status = status('Done', 'done')));
    expect(await h.sendNotices()).toBe(1);
  });
});

describe('who is told', () => {
  it('mentions followers and the requester, never the bridge itself or excluded bots', async () => {
    await engineer((f) => (f.status = status('In Progress', 'indeterminate')));
    h.clock.advance(5 * MIN);
    await h.sendNotices();
    const mentioned = [...comment().matchAll(/data-asana-gid="(\d+)"/g)].map((m) => m[1]);
    expect(mentioned).toEqual([USERS.requester, USERS.stakeholder]);
    expect(mentioned).not.toContain(USERS.bridge);
    expect(mentioned).not.toContain(USERS.bot);
  });

  it('adds the requester as a follower when a task is linked, if configured, and tells them', async () => {
    await h.close();
    h = await createHarness(server, {
      config: parseConfig({
        ...RAW_TEST_CONFIG,
        notifications: { recipients: { requesterField: 'Requester', addRequesterAsFollower: true } },
      }),
    });
    h.fakeJira.put(jiraFixture('issue_created-mattermost-1.json').issue);
    expect((await h.admin('POST', '', { jiraKey: 'TES-41', taskGid: OTHER_TASK_GID })).status).toBe(201);
    expect(h.fakeAsana.requests.filter((r) => r.path.endsWith('/addFollowers')).map((r) => r.body)).toEqual([
      { data: { followers: [USERS.newcomer] } },
    ]);
    expect(h.fakeAsana.followers(OTHER_TASK_GID)).toEqual([USERS.newcomer]);
    const body = h.fakeJira.change(
      'TES-41',
      h.clock.now(),
      dana,
      [],
      (f) => (f.status = status('In Progress', 'indeterminate')),
    );
    await h.postJira(body);
    await h.drain();
    h.clock.advance(3 * MIN);
    await h.sendNotices();
    expect(h.fakeAsana.comments(OTHER_TASK_GID)[0]?.text).toMatch(
      /^@Nia Newcomer Bulk export moved from Planned to In development/,
    );
  });
});

describe('unlinking', () => {
  it('drops the held notice, so a new link to the task starts afresh', async () => {
    await engineer((f) => (f.status = status('In Progress', 'indeterminate')));
    expect((await h.admin('DELETE', '/TES-41')).status).toBe(200);
    expect((await listNotices(h.db)).map((n) => n.status)).toEqual(['cancelled']);
    h.clock.advance(10 * MIN);
    await h.sendNotices();
    expect(comments()).toEqual([]);
  });
});

describe('exactly once', () => {
  it('sends a notice claimed by a process that then died, once, after its lease', async () => {
    await engineer((f) => (f.status = status('In Progress', 'indeterminate')));
    h.clock.advance(3 * MIN);
    const job = await claimDueJob(h.db, h.clock.now(), 120_000, { kinds: [NOTICE] });
    // ...and the process dies here.
    const claimed = await startSending(h.db, Number(job!.payload.noticeId), h.clock.now());
    expect(claimed?.status).toBe('sending');
    expect(await h.sendNotices()).toBe(0); // still leased
    h.clock.advance(120_001);
    expect(await h.sendNotices()).toBe(1);
    expect(comments()).toHaveLength(1);
    expect((await listNotices(h.db))[0]).toMatchObject({ status: 'sent' });
    expect(await noticeJobOf(h.db, claimed!.id)).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('does not post twice when the comment landed but its answer was lost', async () => {
    await engineer((f) => (f.status = status('In Progress', 'indeterminate')));
    h.clock.advance(3 * MIN);
    h.loseNextCommentResponse();
    await h.sendNotices();
    expect(comments()).toHaveLength(1);
    const [sending] = await listNotices(h.db);
    expect(sending).toMatchObject({ status: 'sending' });
    expect(await noticeJobOf(h.db, sending!.id)).toMatchObject({
      status: 'pending',
      lastError: expect.stringContaining('HTTP 502'),
    });
    // A change arriving meanwhile goes to a new notice, not into the one in flight.
    await engineer((f) => (f.assignee = { displayName: 'Dana Developer' }));
    h.clock.advance(10 * MIN);
    await h.sendNotices();
    const notices = await listNotices(h.db);
    expect(await Promise.all(notices.map(async (n) => [n.status, (await noticeJobOf(h.db, n.id))?.attempts]))).toEqual([
      ['sent', 2],
      ['sent', 1],
    ]);
    expect(comments()).toHaveLength(2);
    expect(comments()[1]?.text).toContain('Engineer: none → Dana Developer');
    expect(comments()[1]?.text).not.toContain('Delivery status');
  });
});
