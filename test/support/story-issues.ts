import type { SetupServer } from 'msw/node';
import { jiraTimestamp, type JiraIssueJson } from '../../demo/stand-ins/fake-jira';
import { createHarness, type Harness } from './harness';

/** Jira statuses as the REST API carries them. */
export const STATUSES = {
  'To Do': { name: 'To Do', statusCategory: { key: 'new' } },
  'In Progress': { name: 'In Progress', statusCategory: { key: 'indeterminate' } },
  'In Review': { name: 'In Review', statusCategory: { key: 'indeterminate' } },
  Done: { name: 'Done', statusCategory: { key: 'done' } },
} as const;

/** A family of numbered stories ABC-n (ids and task gids offset by `base`), for tests with many issues. */
export function storyFamily(base: number) {
  const taskOf = (n: number) => String(1300000000000000 + base * 1000 + n);
  const issue = (n: number, at: number, status: keyof typeof STATUSES = 'To Do'): JiraIssueJson => ({
    id: String(base * 1000 + n),
    key: `ABC-${n}`,
    fields: {
      project: { key: 'ABC' },
      issuetype: { name: 'Story' },
      status: STATUSES[status],
      priority: { name: 'High' },
      assignee: null,
      fixVersions: [],
      updated: jiraTimestamp(at),
    },
  });
  /** A harness whose Asana has a task for each of `count` stories, each linked (and synced) through the admin API. */
  async function linkedHarness(server: SetupServer, count: number): Promise<Harness> {
    const h = await createHarness(server, {
      extraTasks: Array.from({ length: count }, (_, i) => ({ gid: taskOf(i + 1), name: `Request ${i + 1}` })),
    });
    for (let n = 1; n <= count; n++) {
      h.fakeJira.put(issue(n, h.clock.now()));
      const res = await h.admin('POST', '', { jiraKey: `ABC-${n}`, taskGid: taskOf(n) });
      if (res.status !== 201) throw new Error(`linking ABC-${n} answered ${res.status}`);
    }
    return h;
  }
  return { taskOf, issue, linkedHarness };
}
