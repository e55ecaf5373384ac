import { jiraTimestamp, type JiraIssueJson } from '../../demo/stand-ins/fake-jira';

/**
 * Issue `n` of the benches' Jira project (id `firstId` + n, key ABC-n), linked to task
 * `benchTaskId(n)` in the benches that run the server.
 */
export const benchIssue = (n: number, status = 'To Do', at = Date.now(), firstId = 20000): JiraIssueJson => ({
  id: String(firstId + n),
  key: `ABC-${n}`,
  fields: {
    project: { key: 'ABC' },
    issuetype: { name: 'Story' },
    status: { name: status, statusCategory: { key: status === 'To Do' ? 'new' : 'indeterminate' } },
    priority: { name: 'High' },
    assignee: null,
    fixVersions: [],
    updated: jiraTimestamp(at),
  },
});

export const benchTaskId = (n: number) => String(1300000000100000 + n);
