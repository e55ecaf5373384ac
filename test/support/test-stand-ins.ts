import { createFakeAsana, type FakeAsanaSeed } from '../../demo/stand-ins/fake-asana';
import { createFakeJira, type FakeJiraSeed } from '../../demo/stand-ins/fake-jira';
import { ASANA_FIELDS, CREDENTIALS, GID, OTHER_TASK_GID, OUTSIDE_TASK_GID, PROJECT_GID, TASK_GID, USERS } from './seed';

/** The Jira site and Asana project every in-process test runs against (Node and workerd alike). */
export function createTestStandIns(
  jira: Pick<FakeJiraSeed, 'issues' | 'fields'> = {},
  extraTasks: Array<{ gid: string; name: string; projectGids?: string[] }> = [],
  deliverHandshake?: FakeAsanaSeed['deliverHandshake'],
  otherProjects?: FakeAsanaSeed['otherProjects'],
) {
  const fakeJira = createFakeJira({
    siteUrl: CREDENTIALS.jiraBaseUrl,
    email: CREDENTIALS.jiraEmail,
    apiToken: CREDENTIALS.jiraApiToken,
    users: [{ accountId: 'acc-requester', emailAddress: 'some-instance-test@gmail.com', displayName: 'Test User' }],
    ...jira,
  });
  const fakeAsana = createFakeAsana({
    accessToken: CREDENTIALS.asanaToken,
    projectGid: PROJECT_GID,
    fields: ASANA_FIELDS,
    tasks: [
      {
        gid: TASK_GID,
        name: 'Checkout redesign',
        followers: [USERS.requester, USERS.stakeholder, USERS.bot, USERS.bridge],
        values: { [GID.requester]: [USERS.requester] },
      },
      { gid: OTHER_TASK_GID, name: 'Bulk export', values: { [GID.requester]: [USERS.newcomer] } },
      { gid: OUTSIDE_TASK_GID, name: 'Team offsite', projectGid: '1200000000000999' },
      ...extraTasks,
    ],
    users: [
      { gid: USERS.requester, email: 'some-instance-test@gmail.com', name: 'Test User' },
      { gid: USERS.stakeholder, email: 'sam@example.com', name: 'Sam Stakeholder' },
      { gid: USERS.bot, email: 'deploy-bot@example.com', name: 'Deploy bot' },
      { gid: USERS.newcomer, email: 'nia@example.com', name: 'Nia Newcomer' },
    ],
    me: { gid: USERS.bridge, name: 'Jira bridge' },
    // A field of the workspace's library that no project of the tests uses yet.
    libraryFields: [
      {
        gid: '1100000000000020',
        name: 'Region',
        resource_subtype: 'enum',
        enum_options: [{ gid: '1170000000000001', name: 'EMEA', enabled: true }],
      },
    ],
    ...(deliverHandshake && { deliverHandshake }),
    ...(otherProjects && { otherProjects }),
  });
  return { fakeJira, fakeAsana };
}
