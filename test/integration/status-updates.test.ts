import { afterEach, describe, expect, it } from 'vitest';
import { claimPost } from '../../src/adapters/storage/post-claims-repo';
import { statusUpdates } from '../../src/adapters/storage/schema';
import { claimStatusUpdate } from '../../src/adapters/storage/status-updates-repo';
import { STATUS_UPDATE } from '../../src/flows/jobs/status-update-job';
import { POST_SETTLE_MS } from '../../src/flows/notify/send-notice';
import { enqueueDueStatusUpdates } from '../../src/flows/report/schedule-status-updates';
import { statusUpdatesSchema } from '../../src/platform/config/status-updates-schema';
import { notificationsSchema, type BridgeConfig } from '../../src/platform/config/schema';
import { http } from 'msw';
import { sql } from 'drizzle-orm';
import { STATUS_DIGEST, STATUS_DIGESTS } from '../../src/flows/jobs/digest-jobs';
import { createHarness, type Harness } from '../support/harness';
import { useMsw } from '../support/msw';
import { CREDENTIALS, OTHER_TASK_GID, TASK_GID, testConfig, USERS } from '../support/seed';
import { issueState } from '../support/issue-states';

// The weekly status update on the master project, from the linked requests' Jira histories (the
// real bodies of TES-41, under three keys). The harness clock starts on Sunday 22 Nov 2026,
// 10:00 UTC; the update is due on Mondays at 9:00 in Paris (08:00 UTC).
const server = useMsw();
const DAY = 86_400_000;
const THIRD_TASK = '1300000000000003';
let h: Harness;

afterEach(async () => {
  expect(h.specViolations).toEqual([]);
  await h.close();
});

async function world(settings: Record<string, unknown> = {}, overrides: Partial<BridgeConfig> = {}) {
  const config = testConfig({
    notifications: notificationsSchema.parse({ recipients: { requesterField: 'Requester', exclude: [USERS.bot] } }),
    ...overrides,
  });
  config.statusUpdates = statusUpdatesSchema.parse({
    schedule: '0 9 * * MON',
    timeZone: 'Europe/Paris',
    ...settings,
  });
  h = await createHarness(server, { config, extraTasks: [{ gid: THIRD_TASK, name: 'Export to CSV' }] });
  const now = h.clock.now();
  const issue = (key: string, id: string, summary: string, status: [string, string], daysAgo: number, due?: string) => {
    h.fakeJira.put(
      issueState({
        id,
        key,
        summary,
        status,
        createdAt: now - 12 * DAY,
        updatedAt: now - daysAgo * DAY,
        dueDate: due ?? null,
      }),
    );
  };
  // Shipped this week: started 6 days ago, done 2 days ago.
  issue('TES-41', '10041', 'Dark mode', ['To Do', 'new'], 12);
  issue('TES-41', '10041', 'Dark mode', ['In Progress', 'indeterminate'], 6);
  issue('TES-41', '10041', 'Dark mode', ['Done', 'done'], 2);
  // Blocked for five days at the update's time: past the at-risk threshold (3 days).
  issue('TES-42', '10042', 'Single sign-on', ['To Do', 'new'], 12);
  issue('TES-42', '10042', 'Single sign-on', ['In Progress', 'indeterminate'], 8);
  issue('TES-42', '10042', 'Single sign-on', ['Blocked', 'indeterminate'], 4.9);
  // Still to do, and past its target date.
  issue('TES-43', '10043', 'Export to CSV', ['To Do', 'new'], 12, '2026-11-20');
  for (const [jiraKey, taskGid] of [
    ['TES-41', TASK_GID],
    ['TES-42', OTHER_TASK_GID],
    ['TES-43', THIRD_TASK],
  ])
    expect((await h.admin('POST', '', { jiraKey, taskGid })).status).toBe(201);
}

const mondayAfterNine = () => h.clock.advance(Date.parse('2026-11-23T08:30:00Z') - h.clock.now());
const posted = () => h.fakeAsana.statusUpdates();
const api = (method: string, path: string, token = CREDENTIALS.adminToken, body?: object) =>
  h.app.request(`/admin/status-updates${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body && { 'content-type': 'application/json' }) },
    ...(body && { body: JSON.stringify(body) }),
  });

describe('scheduled status updates', () => {
  it('posts the week’s update on the project once, at its time, with what shipped, is blocked and is late', async () => {
    await world();
    expect(await enqueueDueStatusUpdates(h.ctx)).toBe(0); // Sunday: last Monday's is more than a day old
    mondayAfterNine();
    expect(await enqueueDueStatusUpdates(h.ctx)).toBe(1);
    expect(await enqueueDueStatusUpdates(h.ctx)).toBe(0); // the same period: nothing more stored
    expect(await h.runJobs(STATUS_UPDATE)).toBe(1);

    expect(posted()).toHaveLength(1);
    const [update] = posted();
    expect(update).toMatchObject({
      title: 'Weekly status: 16 Nov – 23 Nov 2026',
      // One of the two open requests is past its date: 50%, past the off-track share (25%).
      status_type: 'off_track',
      parent: { gid: testConfig().tracker.projectGid },
    });
    expect(update!.text).toContain('Off track: 1 open request of 2 (50%) past the target date.');
    expect(update!.text).toContain('Throughput: 1 done (previous period: 0).');
    expect(update!.text).toMatch(
      /Shipped \(1\)\n• TES-41 Dark mode \(done 20 Nov\): \S+\/browse\/TES-41 · https:\/\/app\.asana\.com\/0\/\d+\/1300000000000001/,
    );
    expect(update!.text).toContain('Blocked (1)\n• TES-42 Single sign-on (blocked since 17 Nov, 5 days)');
    expect(update!.text).toContain('Past target date (1)\n• TES-43 Export to CSV (due 2026-11-20, To Do)');
    expect(update!.text).toContain('Committed (3)');
    // With one request done in the last 12 weeks, the open ones are forecast.
    expect(update!.text).toContain('When will it ship (2)');

    // Another run of the scheduler, the job run again, or an admin asking: still one update.
    h.clock.advance(60_000);
    expect(await enqueueDueStatusUpdates(h.ctx)).toBe(0);
    const again = await api('POST', '', CREDENTIALS.adminToken, {});
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ outcome: 'already-sent' });
    expect(posted()).toHaveLength(1);

    const history = (await (await api('GET', '')).json()) as { updates: Array<Record<string, unknown>> };
    expect(history.updates).toEqual([
      expect.objectContaining({ status: 'sent', statusType: 'off_track', trackerId: update!.gid }),
    ]);
    const audit = (await (
      await h.app.request('/admin/audit?action=status-update-posted', {
        headers: { authorization: `Bearer ${CREDENTIALS.adminToken}` },
      })
    ).json()) as { entries: Array<Record<string, unknown>> };
    expect(audit.entries).toEqual([
      expect.objectContaining({
        actor: 'bridge',
        mapping: 'default',
        new: expect.objectContaining({ trackerId: update!.gid }),
      }),
    ]);
  });

  it('does not post twice when the answer to the post is lost: the next attempt finds it', async () => {
    await world();
    mondayAfterNine();
    await enqueueDueStatusUpdates(h.ctx);
    h.loseNextStatusUpdateResponse();
    await h.runJobs(STATUS_UPDATE); // landed, answer lost: retried later
    expect(posted()).toHaveLength(1);
    h.clock.advance(POST_SETTLE_MS + 60_000);
    expect(await h.runJobs(STATUS_UPDATE)).toBe(1);
    expect(posted()).toHaveLength(1);
    const { updates } = (await (await api('GET', '')).json()) as { updates: Array<Record<string, unknown>> };
    expect(updates[0]).toMatchObject({ status: 'sent', trackerId: posted()[0]!.gid });
  });

  it('posts once after a crash between claiming the post and sending it, and after a refusal', async () => {
    await world();
    mondayAfterNine();
    await enqueueDueStatusUpdates(h.ctx);
    // A crash right after the claim: the row says a post started, and none reached Asana.
    const period = { start: Date.parse('2026-11-16T08:00:00Z'), end: Date.parse('2026-11-23T08:00:00Z') };
    const row = await claimStatusUpdate(
      h.db,
      { mapping: 'default', periodStart: period.start, periodEnd: period.end },
      h.clock.now(),
    );
    expect(await claimPost(h.db, statusUpdates, row.id, null, h.clock.now())).toBe(true);
    h.fakeAsana.faults.push({
      method: 'POST',
      path: /\/status_updates$/,
      times: 1,
      respond: () =>
        Response.json({ errors: [{ message: 'Rate limited' }] }, { status: 429, headers: { 'retry-after': '1' } }),
    });
    await h.runJobs(STATUS_UPDATE); // waits for the interrupted post to settle
    expect(posted()).toHaveLength(0);
    h.clock.advance(POST_SETTLE_MS + 1_000);
    await h.runJobs(STATUS_UPDATE);
    h.clock.advance(120_000);
    await h.runJobs(STATUS_UPDATE);
    expect(posted()).toHaveLength(1);
  });

  it('previews the next update without posting, and guards its admin API', async () => {
    await world();
    mondayAfterNine();
    const preview = await api('GET', '/preview');
    expect(preview.status).toBe(200);
    expect(await preview.json()).toMatchObject({
      mapping: 'default',
      dueAt: '2026-11-30T08:00:00.000Z',
      title: 'Weekly status: 23 Nov 2026, 09:00 – 09:30',
      statusType: 'off_track',
    });
    expect(posted()).toHaveLength(0);

    expect((await api('GET', '/preview', 'wrong')).status).toBe(401);
    expect((await api('POST', '', 'wrong', {})).status).toBe(401);
    expect(posted()).toHaveLength(0);
    const unknown = await api('GET', '/preview?mapping=nope');
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toContain('no mapping "nope"');
    expect((await api('POST', '', CREDENTIALS.adminToken, { mapping: 'default', extra: 1 })).status).toBe(400);
    // A read-only token reads the preview, and may not post.
    const created = await h.app.request('/admin/tokens', {
      method: 'POST',
      headers: { authorization: `Bearer ${CREDENTIALS.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'leader', role: 'read' }),
    });
    const { token } = (await created.json()) as { token: string };
    expect((await api('GET', '/preview', token)).status).toBe(200);
    expect((await api('POST', '', token, {})).status).toBe(403);
    expect(posted()).toHaveLength(0);
  });

  it('reads at risk or off track by the rules of the config', async () => {
    await world({
      status: { offTrack: { blockedDays: 10, overdueShare: 1 }, atRisk: { blockedDays: 3, overdueShare: 1 } },
    });
    mondayAfterNine();
    await enqueueDueStatusUpdates(h.ctx);
    await h.runJobs(STATUS_UPDATE);
    expect(posted()[0]).toMatchObject({ status_type: 'at_risk' });
    expect(posted()[0]!.text).toContain('At risk: 1 request blocked for 3 days or more.');
  });

  it('tells each stakeholder about only their requests, once, in one comment on one of their tasks', async () => {
    await world({ digest: true });
    mondayAfterNine();
    await enqueueDueStatusUpdates(h.ctx);
    await h.runJobs(STATUS_UPDATE);
    expect(await h.runJobs(STATUS_DIGESTS)).toBe(1);
    h.loseNextCommentResponse(); // the first digest lands, its answer is lost
    await h.runJobs(STATUS_DIGEST);
    h.clock.advance(POST_SETTLE_MS + 120_000);
    await h.runJobs(STATUS_DIGEST);
    await h.runJobs(STATUS_DIGESTS); // run again: nothing new is claimed or posted

    const digests = [TASK_GID, OTHER_TASK_GID, THIRD_TASK].flatMap((task) =>
      h.fakeAsana.comments(task).map((c) => ({ task, text: c.text, html: c.html_text })),
    );
    const to = (user: string) => digests.filter((d) => d.html.includes(`data-asana-gid="${user}"`));
    // The requester and the follower of TES-41's task; the requester of TES-42's; never the bot.
    expect(to(USERS.requester)).toHaveLength(1);
    expect(to(USERS.stakeholder)).toHaveLength(1);
    expect(to(USERS.newcomer)).toHaveLength(1);
    expect(to(USERS.bot)).toHaveLength(0);
    expect(digests).toHaveLength(3);
    expect(to(USERS.newcomer)[0]).toMatchObject({ task: OTHER_TASK_GID });
    expect(to(USERS.newcomer)[0]!.text).toContain('Your requests, from "Weekly status: 16 Nov – 23 Nov 2026":');
    expect(to(USERS.newcomer)[0]!.text).toContain('TES-42 Single sign-on: Blocked since 17 Nov');
    expect(to(USERS.newcomer)[0]!.text).not.toContain('TES-41');
    expect(to(USERS.requester)[0]!.text).toContain('TES-41 Dark mode: Done (done 20 Nov)');
    const audit = (await (
      await h.app.request('/admin/audit?action=digest-sent', {
        headers: { authorization: `Bearer ${CREDENTIALS.adminToken}` },
      })
    ).json()) as { entries: unknown[] };
    expect(audit.entries).toHaveLength(3);
  });

  it('is made without the requests whose Jira issue is gone (it never waits on them)', async () => {
    await world();
    h.fakeJira.remove('TES-43');
    mondayAfterNine();
    await enqueueDueStatusUpdates(h.ctx);
    expect(await h.runJobs(STATUS_UPDATE)).toBe(1);
    expect(posted()).toHaveLength(1);
    expect(posted()[0]!.text).not.toContain('TES-43');
    expect(posted()[0]!.text).toContain('TES-41');
  });

  it('keeps its lease while it reads the histories of a big mapping, so it is never run twice at once', async () => {
    // A lease of 5 s and Jira at one request a second: reading three histories takes longer.
    const base = testConfig();
    await world(
      {},
      {
        sync: { ...base.sync, leaseSeconds: 5 },
        limits: { ...base.limits, jira: { requestsPerMinute: 60, burst: 1, maxConcurrentReads: 10 } },
      },
    );
    const leaseLeft: number[] = [];
    server.use(
      http.get(`${CREDENTIALS.jiraBaseUrl}/rest/api/3/issue/:id/changelog`, async () => {
        const [job] = await h.db.all<{ until: number | null }>(
          sql`SELECT locked_until AS until FROM jobs WHERE kind = 'status-update'`,
        );
        leaseLeft.push((job?.until ?? 0) - h.clock.now());
        // Nothing returned: the stand-in answers.
      }),
    );
    mondayAfterNine();
    await enqueueDueStatusUpdates(h.ctx);
    expect(await h.runJobs(STATUS_UPDATE)).toBe(1);
    expect(leaseLeft).toHaveLength(3);
    expect(h.clock.now() - Date.parse('2026-11-23T08:30:00Z')).toBeGreaterThan(5_000);
    for (const left of leaseLeft) expect(left).toBeGreaterThan(0);
    expect(posted()).toHaveLength(1);
  });

  it('says so when the mapping has no status updates', async () => {
    h = await createHarness(server);
    const res = await api('GET', '/preview');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe(
      'mapping "default" has no `statusUpdates` in the config: add one with a `schedule`',
    );
    expect((await api('POST', '', CREDENTIALS.adminToken, {})).status).toBe(400);
    expect(posted()).toHaveLength(0);
  });
});
