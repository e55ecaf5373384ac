import type { Hono } from 'hono';
import type { JiraIssueJson } from './fake-jira';

type Status = { id?: string; name?: string; statusCategory?: { key?: string } };
const statusOf = (issue: JiraIssueJson | undefined) => issue?.fields.status as Status | undefined;

/**
 * The stand-in's status history: every status change an issue goes through (by `put`, `change`
 * or a transition) is kept as Jira's changelog keeps it, served paged by
 * `/issue/{idOrKey}/changelog` (oldest first), with `/status` for the statuses' categories.
 */
export function addChangelogRoutes(api: Hono, find: (idOrKey: string) => JiraIssueJson | undefined) {
  const histories = new Map<string, Array<{ id: string; created: string; items: unknown[] }>>();
  const statuses = new Map<string, { id: string; name: string; statusCategory: { key: string } }>();
  let nextId = 20_000;
  const statusId = (status: Status) => {
    const name = status.name ?? 'Unknown';
    const known = statuses.get(name.toLowerCase());
    if (known) return known.id;
    const id = status.id ?? String(10_000 + statuses.size);
    statuses.set(name.toLowerCase(), { id, name, statusCategory: { key: status.statusCategory?.key ?? 'new' } });
    return id;
  };

  /** Records the status change between two states of an issue, dated by the new state's `updated`. */
  function record(before: JiraIssueJson | undefined, after: JiraIssueJson) {
    const from = statusOf(before);
    const to = statusOf(after);
    if (!to?.name) return;
    const toId = statusId(to);
    if (!from?.name || from.name === to.name) return;
    const entry = {
      id: String(nextId++),
      created: String(after.fields.updated ?? after.fields.created ?? ''),
      items: [
        {
          field: 'status',
          fieldtype: 'jira',
          fieldId: 'status',
          from: statusId(from),
          fromString: from.name,
          to: toId,
          toString: to.name,
        },
      ],
    };
    histories.set(after.id, [...(histories.get(after.id) ?? []), entry]);
  }

  api.get('/issue/:idOrKey/changelog', (c) => {
    const issue = find(c.req.param('idOrKey'));
    if (!issue)
      return c.json(
        { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} },
        404,
      );
    const all = histories.get(issue.id) ?? [];
    const startAt = Number(c.req.query('startAt') ?? 0);
    const maxResults = Number(c.req.query('maxResults') ?? 100);
    const values = all.slice(startAt, startAt + maxResults);
    return c.json({ startAt, maxResults, total: all.length, isLast: startAt + values.length >= all.length, values });
  });
  api.get('/status', (c) => c.json([...statuses.values()]));

  return { record };
}
