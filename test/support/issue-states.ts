import { jiraTimestamp, type JiraIssueJson } from '../../demo/stand-ins/fake-jira';
import { jiraFixture } from './jira-fixtures';

/**
 * A state of an issue as Jira serves it: the real `issue_created-mattermost-1.json` issue, renamed
 * `key` (`id`), in `status` (name and category) as of `updatedAt`. Putting several states of one
 * issue into the Jira stand-in, oldest first, gives it that status history.
 */
export function issueState(s: {
  id: string;
  key: string;
  status: [name: string, category: string];
  createdAt: number;
  updatedAt: number;
  summary?: string;
  dueDate?: string | null;
}): JiraIssueJson {
  const body = jiraFixture('issue_created-mattermost-1.json').issue as JiraIssueJson;
  Object.assign(body, { id: s.id, key: s.key });
  if (s.summary !== undefined) body.fields.summary = s.summary;
  body.fields.created = jiraTimestamp(s.createdAt);
  body.fields.updated = jiraTimestamp(s.updatedAt);
  body.fields.status = { name: s.status[0], statusCategory: { key: s.status[1] } };
  if (s.dueDate !== undefined) body.fields.duedate = s.dueDate;
  return body;
}
