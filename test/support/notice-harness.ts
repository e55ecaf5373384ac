import { expect } from 'vitest';
import type { SetupServer } from 'msw/node';
import { parseConfig } from '../../src/runtime/trackers';
import { createHarness } from './harness';
import { jiraFixture } from './jira-fixtures';
import { RAW_TEST_CONFIG, TASK_GID, USERS } from './seed';

/** A harness whose notices go to the requester field's people and the followers (not the bot), with TES-41 linked. */
export async function createNoticeHarness(server: SetupServer, notifications: object = {}) {
  const h = await createHarness(server, {
    config: parseConfig({
      ...RAW_TEST_CONFIG,
      notifications: { recipients: { requesterField: 'Requester', exclude: [USERS.bot] }, ...notifications },
    }),
  });
  h.fakeJira.put(jiraFixture('issue_created-mattermost-1.json').issue);
  expect((await h.admin('POST', '', { jiraKey: 'TES-41', taskGid: TASK_GID })).status).toBe(201);
  return h;
}
