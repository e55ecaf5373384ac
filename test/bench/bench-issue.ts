import { jiraTimestamp, type JiraIssueJson } from '../../demo/stand-ins/fake-jira';

/** Issue `n` of the benches' Jira project (id 20000 + n, key ABC-n), linked to task `benchTaskId(n)`. */
export const benchIssue = (n: number, status = 'To Do', at = Date.now()): JiraIssueJson => ({
  id: String(20000 + n),
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
