import type { Hono } from 'hono';
import type { JiraIssueJson } from './fake-jira';
import { jiraTimestamp } from './jira-timestamp';

export interface FakeJiraComment {
  id: string;
  author: { accountId: string; displayName: string };
  body: unknown;
  visibility?: { type: 'role' | 'group'; value: string };
  created: string;
}

const notFound = { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} };

/**
 * The stand-in's comments (`/issue/{idOrKey}/comment[/{id}]`): added, read, listed (newest first
 * with `orderBy=-created`), edited and deleted, as REST v3 does, bodies in ADF. The API's caller
 * is the bridge's account; `add` and the others act as a person in Jira would.
 */
export function addCommentRoutes(
  api: Hono,
  find: (idOrKey: string) => JiraIssueJson | undefined,
  now: () => number,
  caller: { accountId: string; displayName: string },
) {
  const comments = new Map<string, FakeJiraComment[]>();
  let nextId = 10_500;
  const of = (idOrKey: string) => comments.get(find(idOrKey)?.id ?? '') ?? [];
  const add = (issueId: string, comment: Omit<FakeJiraComment, 'id' | 'created'>) => {
    const created = { id: String(nextId++), created: jiraTimestamp(now()), ...comment };
    comments.set(issueId, [...(comments.get(issueId) ?? []), created]);
    return created;
  };

  api.post('/issue/:idOrKey/comment', async (c) => {
    const issue = find(c.req.param('idOrKey'));
    if (!issue) return c.json(notFound, 404);
    const { body } = (await c.req.json()) as { body: unknown };
    return c.json(add(issue.id, { author: caller, body }), 201);
  });
  api.get('/issue/:idOrKey/comment', (c) => {
    if (!find(c.req.param('idOrKey'))) return c.json(notFound, 404);
    const all = of(c.req.param('idOrKey'));
    const sorted = c.req.query('orderBy') === '-created' ? [...all].reverse() : all;
    const startAt = Number(c.req.query('startAt') ?? 0);
    const maxResults = Number(c.req.query('maxResults') ?? 50);
    return c.json({ startAt, maxResults, total: all.length, comments: sorted.slice(startAt, startAt + maxResults) });
  });
  api.get('/issue/:idOrKey/comment/:id', (c) => {
    const found = of(c.req.param('idOrKey')).find((x) => x.id === c.req.param('id'));
    return found ? c.json(found) : c.json(notFound, 404);
  });
  api.put('/issue/:idOrKey/comment/:id', async (c) => {
    const found = of(c.req.param('idOrKey')).find((x) => x.id === c.req.param('id'));
    if (!found) return c.json(notFound, 404);
    if (found.author.accountId !== caller.accountId)
      return c.json({ errorMessages: ['You do not have the permission to edit this comment.'], errors: {} }, 403);
    found.body = ((await c.req.json()) as { body: unknown }).body;
    return c.json(found);
  });
  api.delete('/issue/:idOrKey/comment/:id', (c) => {
    const issue = find(c.req.param('idOrKey'));
    const list = of(c.req.param('idOrKey'));
    const at = list.findIndex((x) => x.id === c.req.param('id'));
    if (!issue || at < 0) return c.json(notFound, 404);
    list.splice(at, 1);
    return c.body(null, 204);
  });

  return {
    /** The comments' bodies on an issue, oldest first. */
    comments: (idOrKey: string) => of(idOrKey).map((x) => x.body),
    /** The comments on an issue, whole. */
    commentsOf: of,
    /** A person comments in Jira (plain text, stored as ADF). */
    addComment(
      idOrKey: string,
      author: FakeJiraComment['author'],
      text: string,
      visibility?: FakeJiraComment['visibility'],
    ) {
      const issue = find(idOrKey);
      if (!issue) throw new Error(`no issue ${idOrKey}`);
      const body = { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] };
      return add(issue.id, { author, body, ...(visibility && { visibility }) });
    },
    editComment(idOrKey: string, id: string, text: string) {
      const found = of(idOrKey).find((x) => x.id === id);
      if (!found) throw new Error(`no comment ${id}`);
      found.body = { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] };
    },
    deleteComment(idOrKey: string, id: string) {
      const list = of(idOrKey);
      list.splice(
        list.findIndex((x) => x.id === id),
        1,
      );
    },
  };
}
