import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BRIDGE_ACCOUNT_ID } from '../../demo/stand-ins/fake-jira';
import { saveWebhookSecret } from '../../src/adapters/storage/webhook-registrations-repo';
import { saveUserMapping } from '../../src/adapters/storage/user-map-repo';
import { parseConfig } from '../../src/runtime/trackers';
import { createHarness, type Harness } from '../support/harness';
import { jiraFixture } from '../support/jira-fixtures';
import { asanaResource } from '../support/jobs';
import { useMsw } from '../support/msw';
import { PROJECT_GID, RAW_TEST_CONFIG, TASK_GID, USERS } from '../support/seed';

// The conversation across the two tools, driven by Jira's real comment bodies (the comment id
// swapped for one the Jira stand-in holds). Every request to Asana is checked against its spec.
const server = useMsw();
let h: Harness;
const SECRET = 'asana-hook-secret-for-tests';
const ENGINEER = { accountId: '5c5f880629be9642ba529340', displayName: 'Test User' };
const SAM = { gid: USERS.stakeholder, name: 'Sam Stakeholder' };

beforeEach(async () => {
  h = await createHarness(server, {
    config: parseConfig({
      ...RAW_TEST_CONFIG,
      comments: {
        toTracker: { keywords: ['#stakeholders'], labels: ['share-progress'] },
        toJira: { mentionsBridge: true, keywords: ['#jira'] },
      },
    }),
  });
  h.fakeJira.put({ ...jiraFixture('issue_updated-mattermost-1.json').issue });
  expect((await h.admin('POST', '', { jiraKey: 'TES-41', taskGid: TASK_GID })).status).toBe(201);
  await saveWebhookSecret(h.db, asanaResource(PROJECT_GID), SECRET, h.clock.now());
});
afterEach(async () => {
  expect(h.specViolations).toEqual([]);
  await h.close();
});

let delivery = 0;
/** Jira tells the bridge about a comment event (a real body, its comment id swapped). */
async function jiraCommentEvent(event: 'comment_created' | 'comment_updated' | 'comment_deleted', id: string) {
  const body = jiraFixture(
    event === 'comment_created' ? 'comment_created-mattermost-1.json' : 'comment_updated-mattermost-1.json',
  );
  body.webhookEvent = event;
  body.comment.id = id;
  const res = await h.postJira(body, { 'x-atlassian-webhook-identifier': `c-${++delivery}` });
  expect(res.status).toBe(200);
  await h.relayJiraComments();
}

/** Asana tells the bridge about a story (comment) on the task, signed. */
async function asanaStoryEvent(action: 'added' | 'changed' | 'removed', storyGid: string, user: string = SAM.gid) {
  const body = JSON.stringify({
    events: [
      {
        user: { gid: user, resource_type: 'user' },
        created_at: new Date(h.clock.now() + ++delivery).toISOString(),
        action,
        resource: { gid: storyGid, resource_type: 'story', resource_subtype: 'comment_added' },
        parent: { gid: TASK_GID, resource_type: 'task' },
      },
    ],
  });
  const res = await h.postAsana(PROJECT_GID, body, SECRET);
  expect(res.status).toBe(200);
  await h.processTrackerEvents();
}

const bridgeStories = () => h.fakeAsana.comments(TASK_GID).filter((s) => s.created_by.gid === USERS.bridge);
const relayedToTask = () => bridgeStories().filter((s) => s.html_text.includes('in Jira:'));

describe('Jira comments on the task', () => {
  it('posts a matching comment once, naming its author and linking to it; the rest stay in Jira', async () => {
    const shared = h.fakeJira.addComment('TES-41', ENGINEER, 'Beta is on staging #stakeholders');
    await jiraCommentEvent('comment_created', shared.id);
    await jiraCommentEvent('comment_created', shared.id); // Jira delivers it again
    expect(relayedToTask()).toHaveLength(1);
    expect(relayedToTask()[0]!.text).toContain(
      'Test User commented on TES-41 in Jira:\nBeta is on staging #stakeholders',
    );
    expect(relayedToTask()[0]!.html_text).toContain(
      `/browse/TES-41?focusedCommentId=${shared.id}#bridge-relay-${shared.id}`,
    );

    const internal = h.fakeJira.addComment('TES-41', ENGINEER, 'Refactored the cache');
    const restricted = h.fakeJira.addComment('TES-41', ENGINEER, 'Perf numbers #stakeholders', {
      type: 'role',
      value: 'Developers',
    });
    await jiraCommentEvent('comment_created', internal.id);
    await jiraCommentEvent('comment_created', restricted.id);
    expect(relayedToTask()).toHaveLength(1);
  });

  it('mirrors an edit and a deletion of a relayed comment', async () => {
    const shared = h.fakeJira.addComment('TES-41', ENGINEER, 'Ships Friday #stakeholders');
    await jiraCommentEvent('comment_created', shared.id);
    h.fakeJira.editComment('TES-41', shared.id, 'Ships Monday #stakeholders');
    await jiraCommentEvent('comment_updated', shared.id);
    expect(relayedToTask().map((s) => s.text)).toEqual([expect.stringContaining('Ships Monday')]);
    h.fakeJira.deleteComment('TES-41', shared.id);
    await jiraCommentEvent('comment_deleted', shared.id);
    expect(relayedToTask()).toEqual([]);
  });

  it('after a post whose answer was lost, finds the copy instead of posting a second', async () => {
    const shared = h.fakeJira.addComment('TES-41', ENGINEER, 'Beta is on staging #stakeholders');
    h.loseNextCommentResponse();
    await jiraCommentEvent('comment_created', shared.id);
    expect(relayedToTask()).toHaveLength(1);
    h.clock.advance(60_000);
    await h.relayJiraComments();
    await jiraCommentEvent('comment_updated', shared.id);
    expect(relayedToTask()).toHaveLength(1);
    expect(h.logs.filter((l) => l.msg === 'comment event processed').map((l) => l.outcome)).toContain(
      'already-relayed',
    );
  });
});

describe('comment events at intake', () => {
  it('refuses a malformed comment event naming what is wrong, and ignores one for an unlinked issue, storing nothing', async () => {
    const body = jiraFixture('comment_created-mattermost-1.json');
    const bad = await h.postJira({ ...body, comment: { ...body.comment, id: 'abc' } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('comment.id: must be a numeric comment id');
    const unlinked = await h.postJira({ ...body, issue: { ...body.issue, id: '99999', key: 'TES-999' } });
    expect(unlinked.status).toBe(202);
    expect(await unlinked.json()).toEqual({ ignored: 'TES-999 is not linked' });
    expect(await h.relayJiraComments()).toBe(0);
  });
});

describe("stakeholders' comments on the Jira issue", () => {
  it('posts a question that mentions the bridge, naming its author and linking back; never relays a copy back', async () => {
    const question = h.fakeAsana.addComment(
      TASK_GID,
      SAM,
      // Its words match the other direction's rule too: only the loop guard keeps the copy in Jira.
      `<body><a data-asana-gid="${USERS.bridge}"/> will this make the March release? #stakeholders</body>`,
    );
    await asanaStoryEvent('added', question.gid);
    await asanaStoryEvent('added', question.gid); // a second delivery of the same news
    const copies = h.fakeJira.commentsOf('TES-41');
    expect(copies).toHaveLength(1);
    expect(copies[0]!.author.accountId).toBe(BRIDGE_ACCOUNT_ID);
    const text = JSON.stringify(copies[0]!.body);
    expect(text).toContain('Sam Stakeholder');
    expect(text).toContain('will this make the March release?');
    expect(text).toContain(`#bridge-relay-${question.gid}`);

    // Jira tells of the copy: it is the bridge's own, never posted back on the task.
    await jiraCommentEvent('comment_created', copies[0]!.id);
    expect(relayedToTask()).toEqual([]);

    // Edited, then deleted in Asana: the copy follows.
    h.fakeAsana.editComment(question.gid, `<body><a data-asana-gid="${USERS.bridge}"/> will this make April?</body>`);
    await asanaStoryEvent('changed', question.gid);
    expect(JSON.stringify(h.fakeJira.commentsOf('TES-41')[0]!.body)).toContain('will this make April?');
    h.fakeAsana.deleteComment(question.gid);
    await asanaStoryEvent('removed', question.gid);
    expect(h.fakeJira.commentsOf('TES-41')).toEqual([]);
  });

  it('after a post to Jira whose answer was lost, finds the copy instead of posting a second', async () => {
    const question = h.fakeAsana.addComment(TASK_GID, SAM, `<body>#jira is the API frozen?</body>`);
    h.loseNextJiraCommentResponse();
    await asanaStoryEvent('added', question.gid);
    expect(h.fakeJira.commentsOf('TES-41')).toHaveLength(1);
    h.clock.advance(60_000);
    await h.processTrackerEvents();
    expect(h.fakeJira.commentsOf('TES-41')).toHaveLength(1);
    expect(h.logs.filter((l) => l.msg === 'tracker event processed').map((l) => l.outcome)).toContain(
      'already-relayed',
    );
  });

  it("leaves other comments on the task, and never relays the bridge's own (a relayed Jira comment)", async () => {
    const chatter = h.fakeAsana.addComment(TASK_GID, SAM, '<body>Thanks team!</body>');
    await asanaStoryEvent('added', chatter.gid);
    const shared = h.fakeJira.addComment('TES-41', ENGINEER, 'Beta is on staging #stakeholders #jira');
    await jiraCommentEvent('comment_created', shared.id);
    await asanaStoryEvent('added', relayedToTask()[0]!.gid, USERS.bridge);
    expect(h.fakeJira.commentsOf('TES-41').map((c) => c.id)).toEqual([shared.id]);
  });

  it('mentions, in each tool, the people its author mentioned, through the user map', async () => {
    await saveUserMapping(
      h.db,
      { jiraAccountId: 'acc-sam', trackerUserId: SAM.gid, displayName: 'Sam S', source: 'admin' },
      h.clock.now(),
    );
    // In Jira, the engineer mentions Sam (mapped) and someone the map does not know.
    const shared = h.fakeJira.addComment('TES-41', ENGINEER, 'x');
    shared.body = {
      type: 'doc',
      version: 1,
      content: [
        {
          type: 'paragraph',
          content: [
            { type: 'mention', attrs: { id: 'acc-sam', text: '@Sam S' } },
            { type: 'text', text: ' and ' },
            { type: 'mention', attrs: { id: 'acc-unknown', text: '@Kim' } },
            { type: 'text', text: ' beta is live #stakeholders' },
          ],
        },
      ],
    };
    await jiraCommentEvent('comment_created', shared.id);
    const [copy] = relayedToTask();
    expect(copy!.html_text).toContain(`<a data-asana-gid="${SAM.gid}"/>`);
    expect(copy!.text).toContain('@Sam S and @Kim beta is live');
    expect(h.fakeAsana.followers(TASK_GID)).toContain(SAM.gid);

    // In Asana, a stakeholder asks the bridge and mentions Sam: the Jira copy mentions Sam's account.
    const question = h.fakeAsana.addComment(
      TASK_GID,
      { gid: USERS.newcomer, name: 'Nia Newcomer' },
      `<body><a data-asana-gid="${USERS.bridge}"/> can <a data-asana-gid="${SAM.gid}"/> confirm?</body>`,
    );
    await asanaStoryEvent('added', question.gid, USERS.newcomer);
    const relayed = h.fakeJira.commentsOf('TES-41').find((c) => c.author.accountId === BRIDGE_ACCOUNT_ID);
    expect(JSON.stringify(relayed!.body)).toContain('{"type":"mention","attrs":{"id":"acc-sam","text":"@Sam S"}}');
  });
});
