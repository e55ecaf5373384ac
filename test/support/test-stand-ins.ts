import { createFakeAsana } from '../../src/stand-ins/fake-asana';
import { createFakeJira, type FakeJiraSeed } from '../../src/stand-ins/fake-jira';
import { ASANA_FIELDS, CREDENTIALS, OTHER_TASK_GID, OUTSIDE_TASK_GID, PROJECT_GID, TASK_GID } from './seed';

/** The Jira site and Asana project every in-process test runs against (Node and workerd alike). */
export function createTestStandIns(jira: Pick<FakeJiraSeed, 'issues' | 'fields'> = {}) {
  const fakeJira = createFakeJira({ siteUrl: CREDENTIALS.jiraBaseUrl, email: CREDENTIALS.jiraEmail, apiToken: CREDENTIALS.jiraApiToken, ...jira });
  const fakeAsana = createFakeAsana({
    accessToken: CREDENTIALS.asanaToken,
    projectGid: PROJECT_GID,
    fields: ASANA_FIELDS,
    tasks: [
      { gid: TASK_GID, name: 'Checkout redesign' },
      { gid: OTHER_TASK_GID, name: 'Bulk export' },
      { gid: OUTSIDE_TASK_GID, name: 'Team offsite', projectGid: '1200000000000999' },
    ],
    users: [{ gid: '1500000000000001', email: 'some-instance-test@gmail.com', name: 'Test User' }],
  });
  return { fakeJira, fakeAsana };
}
