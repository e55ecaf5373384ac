import { afterEach, describe, expect, it } from 'vitest';
import { findLinksByKey } from '../../src/adapters/storage/links-repo';
import { BOARD_PLACE, boardPlaceJob } from '../../src/flows/jobs/board-job';
import { checkSetup } from '../../src/flows/setup/check-setup';
import { boardSchema } from '../../src/platform/config/mapping-schema';
import { createHarness, type Harness } from '../support/harness';
import { jiraFixture } from '../support/jira-fixtures';
import { useMsw } from '../support/msw';
import { PROJECT_GID, TASK_GID, testConfig } from '../support/seed';

// The master project as a Kanban board: each task kept in the section of its mapped status,
// driven by the real bodies of TES-41 (created, started, resolved).
const server = useMsw();
let h: Harness;

afterEach(async () => {
  expect(h.specViolations).toEqual([]);
  await h.close();
});

async function world(board: Record<string, unknown>) {
  h = await createHarness(server, { config: testConfig({ board: boardSchema.parse(board) }) });
  h.fakeJira.put(jiraFixture('issue_created-mattermost-1.json').issue);
  expect((await h.admin('POST', '', { jiraKey: 'TES-41', taskGid: TASK_GID })).status).toBe(201);
  await h.runJobs(BOARD_PLACE);
}

async function deliver(name: string) {
  const body = jiraFixture(name);
  h.fakeJira.put(body.issue);
  expect((await h.postJira(body)).status).toBe(200);
  await h.drain();
  return h.runJobs(BOARD_PLACE);
}

const section = () => h.fakeAsana.sectionOf(TASK_GID, PROJECT_GID);
const moves = () => h.fakeAsana.requests.filter((r) => r.path.endsWith('/addTask'));

describe('the project as a board', () => {
  it('moves the task to the section of its status as Jira moves on, creating a missing section once', async () => {
    await world({});
    expect(section()).toBe('Planned');
    expect(await deliver('issue_updated-mattermost-1.json')).toBe(1);
    expect(section()).toBe('In development');
    await deliver('issue_updated-mattermost-2.json');
    expect(section()).toBe('Shipped');
    expect(h.fakeAsana.sections(PROJECT_GID)).toEqual(['Planned', 'In development', 'Shipped']);
    expect(moves()).toHaveLength(3);
  });

  it('uses the sections the config names, leaves a task already there in place, and never creates when told not to', async () => {
    h = await createHarness(server, {
      config: testConfig({
        board: boardSchema.parse({
          sections: { planned: 'Backlog', 'In development': 'Doing' },
          createSections: false,
        }),
      }),
    });
    h.fakeAsana.addSection(PROJECT_GID, 'Backlog');
    h.fakeAsana.addSection(PROJECT_GID, 'Doing');
    // `check` names the sections the statuses go to that the project lacks.
    expect((await checkSetup(h.ctx)).problems).toEqual([
      'board: the project has no section "In review", "Shipped", "Cancelled" and createSections is false: add them in the tracker',
    ]);
    h.fakeJira.put(jiraFixture('issue_created-mattermost-1.json').issue);
    expect((await h.admin('POST', '', { jiraKey: 'TES-41', taskGid: TASK_GID })).status).toBe(201);
    await h.runJobs(BOARD_PLACE);
    expect(section()).toBe('Backlog');
    await deliver('issue_updated-mattermost-1.json');
    expect(section()).toBe('Doing');
    // Placing it again (a retry, a second job) finds it in its section and moves nothing.
    const before = moves().length;
    const [link] = await findLinksByKey(h.db, 'TES-41');
    await h.ctx.work.enqueue([boardPlaceJob(link!.id, 'again')]);
    expect(await h.runJobs(BOARD_PLACE)).toBe(1);
    expect(moves()).toHaveLength(before);
    expect(section()).toBe('Doing');
    // Shipped has no section and none may be made: the task stays where it is.
    await deliver('issue_updated-mattermost-2.json');
    expect(section()).toBe('Doing');
    expect(h.fakeAsana.sections(PROJECT_GID)).toEqual(['Backlog', 'Doing']);
    expect(h.logs.some((l) => String(l.msg ?? l.message).startsWith('board: the project has no section'))).toBe(true);
  });
});
