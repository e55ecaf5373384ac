import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syntheticDelivery } from '../../src/flows/jobs/delivery-job';
import { jobHandlers } from '../../src/runtime/job-handlers';
import { runNextJob } from '../../src/work/run-job';
import { createHarness, type Harness } from '../support/harness';
import { jiraFixture } from '../support/jira-fixtures';
import { useMsw } from '../support/msw';
import { GID, OTHER_TASK_GID, OUTSIDE_TASK_GID, TASK_GID } from '../support/seed';

const server = useMsw();
let h: Harness;

beforeEach(async () => {
  h = await createHarness(server);
  h.fakeJira.put(jiraFixture('issue_updated-mattermost-1.json').issue);
});
afterEach(async () => {
  expect(h.specViolations).toEqual([]);
  await h.close();
});

describe('admin API: links', () => {
  it('needs the admin token', async () => {
    expect((await h.admin('GET', '', undefined, 'wrong')).status).toBe(401);
    expect((await h.app.request('/admin/links')).status).toBe(401);
  });

  it('is disabled without ADMIN_TOKEN', async () => {
    await h.close();
    h = await createHarness(server, { adminToken: null });
    const res = await h.admin('GET', '');
    expect(res.status).toBe(503);
    expect((await res.json()).error.message).toContain('ADMIN_TOKEN');
  });

  it('creates a link and syncs it at once', async () => {
    const res = await h.admin('POST', '', { jiraKey: 'tes-41', taskGid: TASK_GID });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toMatchObject({
      link: {
        jiraKey: 'TES-41',
        jiraIssueId: '10040',
        taskGid: TASK_GID,
        state: 'active',
        fields: { 'Delivery status': { type: 'enum', option: 'In development' } },
      },
      task: { name: 'Checkout redesign' },
      sync: { status: 'done', outcome: 'updated', error: null },
    });
    expect(h.taskWrites()).toHaveLength(1);
    expect(h.taskWrites()[0]?.custom_fields).toMatchObject({ [GID.status]: GID.inDevelopment });
  });

  it('lists and removes links', async () => {
    await h.admin('POST', '', { jiraKey: 'TES-41', taskGid: TASK_GID });
    const listed = await (await h.admin('GET', '')).json();
    expect(listed.links.map((l: { jiraKey: string }) => l.jiraKey)).toEqual(['TES-41']);
    const removed = await h.admin('DELETE', '/TES-41');
    expect(removed.status).toBe(200);
    expect((await (await h.admin('GET', '')).json()).links).toEqual([]);
    expect((await h.admin('DELETE', '/TES-41')).status).toBe(404);
  });

  it('refuses a second link for the same issue or the same task with 409', async () => {
    await h.admin('POST', '', { jiraKey: 'TES-41', taskGid: TASK_GID });
    const sameIssue = await h.admin('POST', '', { jiraKey: 'TES-41', taskGid: OTHER_TASK_GID });
    expect(sameIssue.status).toBe(409);
    expect((await sameIssue.json()).error.message).toBe(`TES-41 is already linked to task ${TASK_GID}`);
    h.fakeJira.put({ ...jiraFixture('issue_created-mattermost-2.json').issue });
    const sameTask = await h.admin('POST', '', { jiraKey: 'KT-22', taskGid: TASK_GID });
    expect(sameTask.status).toBe(409);
  });

  it('404 for an issue or task that does not exist, 400 for a task outside the project', async () => {
    expect((await h.admin('POST', '', { jiraKey: 'TES-999', taskGid: TASK_GID })).status).toBe(404);
    expect((await h.admin('POST', '', { jiraKey: 'TES-41', taskGid: '1300000000000404' })).status).toBe(404);
    const outside = await h.admin('POST', '', { jiraKey: 'TES-41', taskGid: OUTSIDE_TASK_GID });
    expect(outside.status).toBe(400);
    expect((await outside.json()).error.problems).toEqual([
      expect.stringMatching(/^taskGid: task \d+ is not in the tracker project/),
    ]);
    expect(h.taskWrites()).toEqual([]);
    expect((await (await h.admin('GET', '')).json()).links).toEqual([]);
  });

  it('400 naming each bad field of the request', async () => {
    const res = await h.admin('POST', '', { jiraKey: 'nope', taskGid: 'task-1', extra: true });
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.problems).toEqual([
      expect.stringMatching(/^jiraKey: must be a Jira issue key/),
      expect.stringMatching(/^taskGid: must be a numeric Asana task gid/),
      expect.stringMatching(/^\(root\): Unrecognized key/),
    ]);
  });
});

describe('health', () => {
  it('reports the database, the backlog and the sync state', async () => {
    const res = await h.app.request('/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'ok',
      database: 'ok',
      sync: { state: 'running' },
      backlog: { pending: 0, failed: 0, oldestPendingAgeMs: null },
      mappingGaps: { unmappedUsers: 0, unknownStatuses: 0, unmappedValues: 0 },
    });
    await h.postJira(jiraFixture('issue_updated-mattermost-1.json'));
    h.clock.advance(1500);
    expect((await (await h.app.request('/health')).json()).backlog).toEqual({
      pending: 1,
      failed: 0,
      oldestPendingAgeMs: 1500,
    });
  });

  it('answers with the sync it ran, even when a worker looking for work asks for a job at that moment', async () => {
    expect((await h.admin('POST', '', { jiraKey: 'TES-41', taskGid: TASK_GID })).status).toBe(201);
    const job = syntheticDelivery('admin', 'admin:link:again', { id: '10040', key: 'TES-41' }, 'link_created', 1);
    // The worker's claim reaches the database between the job being stored and being claimed.
    const [row, worker] = await Promise.all([h.ctx.work.runOnce(job), runNextJob(h.ctx, jobHandlers)]);
    expect(row).toMatchObject({ key: 'admin:link:again', status: 'done' });
    expect(worker.ran).toBe(false);
  });
});
