import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { noticeMarker, POST_SETTLE_MS } from '../../src/flows/notify/send-notice';
import { NOTICE } from '../../src/flows/jobs/notice-job';
import { jobHandlers } from '../../src/runtime/job-handlers';
import { claimDueJob, releaseAllJobLeases } from '../../src/adapters/storage/jobs-repo';
import { listNotices, markPostStarted, startSending } from '../../src/adapters/storage/notices-repo';
import { runNextJob } from '../../src/work/run-job';
import { type Harness } from '../support/harness';
import { createNoticeHarness } from '../support/notice-harness';
import { useMsw } from '../support/msw';
import { TASK_GID } from '../support/seed';

// A comment is never posted twice, on any task, even across a crash (issue 10, item 11).
const server = useMsw();
let h: Harness;
const MIN = 60_000;
const dana = { displayName: 'Dana Developer', accountId: '5b10a2844c20165700ede21g' };

beforeEach(async () => {
  h = await createNoticeHarness(server);
});
afterEach(async () => {
  expect(h.specViolations).toEqual([]);
  await h.close();
});

async function heldNotice() {
  const body = h.fakeJira.change(
    'TES-41',
    h.clock.now(),
    dana,
    [],
    (f) => (f.status = { name: 'In Progress', statusCategory: { key: 'indeterminate' } }),
  );
  expect((await h.postJira(body)).status).toBe(200);
  await h.drain();
  h.clock.advance(3 * MIN);
  const [notice] = await listNotices(h.db);
  return notice!;
}

/** Other people's comments: a busy task whose history runs to many pages. */
async function busyHistory(count: number) {
  for (let i = 0; i < count; i++) {
    await h.ctx.tracker.conversation.postComment(TASK_GID, {
      mentions: [],
      headline: `note ${i}`,
      attribution: { before: '', link: { text: 'x', url: 'https://example.com' }, after: '' },
      changes: [],
      marker: `other-${i}`,
    });
  }
}

describe('a notice is posted once', () => {
  it('finds its earlier post on a busy task (1,500 comments before it), after an ambiguous failure', async () => {
    const notice = await heldNotice();
    await busyHistory(1_500);
    h.loseNextCommentResponse();
    await h.sendNotices();
    expect((await listNotices(h.db))[0]).toMatchObject({ status: 'sending', postStartedAt: expect.any(Number) });
    h.clock.advance(10 * MIN);
    await h.sendNotices();
    const ours = h.fakeAsana.comments(TASK_GID).filter((c) => c.html_text.includes(noticeMarker(notice)));
    expect(ours).toHaveLength(1);
    expect((await listNotices(h.db))[0]).toMatchObject({ status: 'sent', commentId: ours[0]!.gid });
  });

  it('treats a post that a restart finds still in flight as ambiguous: waits for it to land, then finds it', async () => {
    const notice = await heldNotice();
    // The process claimed the notice, started the post, and was killed before Asana answered.
    const sendOne = () => runNextJob(h.ctx, jobHandlers, { kinds: [NOTICE] });
    expect(await claimDueJob(h.db, h.clock.now(), 120_000, { kinds: [NOTICE] })).toBeDefined();
    await startSending(h.db, notice.id, h.clock.now());
    await markPostStarted(h.db, notice.id, h.clock.now(), { text: 'x', recipients: [] });
    await releaseAllJobLeases(h.db); // what a restart does
    expect(await sendOne()).toMatchObject({ ran: true, status: 'pending' });
    expect(h.fakeAsana.comments(TASK_GID)).toEqual([]);
    // The in-flight request lands at Asana after the restart.
    const [audience] = [await h.ctx.tracker.conversation.noticeAudience(TASK_GID)];
    await h.ctx.tracker.conversation.postComment(TASK_GID, {
      mentions: [],
      headline: `${audience.taskName} moved`,
      attribution: { before: '(', link: { text: 'TES-41', url: 'https://jira.test/browse/TES-41' }, after: ')' },
      changes: [],
      marker: noticeMarker(notice),
    });
    h.clock.advance(POST_SETTLE_MS);
    expect(await sendOne()).toMatchObject({ status: 'done', outcome: 'already-sent' });
    expect(h.fakeAsana.comments(TASK_GID)).toHaveLength(1);
  });

  it('a post refused outright (4xx) is not ambiguous: the retry posts without searching', async () => {
    await heldNotice();
    h.fakeAsana.faults.push({
      method: 'POST',
      path: /\/stories$/,
      times: 1,
      respond: () => Response.json({ errors: [{ message: 'Conflict' }] }, { status: 409 }),
    });
    await h.sendNotices();
    expect((await listNotices(h.db))[0]).toMatchObject({ status: 'sending', postStartedAt: null });
    h.clock.advance(10 * MIN);
    await h.sendNotices();
    expect(h.fakeAsana.comments(TASK_GID)).toHaveLength(1);
    expect(h.fakeAsana.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/stories'))).toEqual([]);
  });
});
