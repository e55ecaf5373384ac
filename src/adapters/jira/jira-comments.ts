import type { Document } from 'jira.js/version3/models';
import { documentText } from './field-value';
import type { JiraApiClient, JiraCall } from './jira-client';
import { httpStatusOf } from './jira-errors';

/** A Jira comment as the relay needs it. */
export interface JiraComment {
  id: string;
  authorId: string | null;
  authorName: string;
  text: string;
  /** Visible to a role or group only: never relayed. */
  restricted: boolean;
  /** The people it mentions. */
  mentions: Array<{ accountId: string; displayName: string }>;
}

/** A comment relayed into Jira: who said it in the tracker, what, and the link back to the task. */
export interface RelayedJiraComment {
  author: string;
  text: string;
  link: { text: string; url: string };
  /** Text only this copy carries (in its link's fragment), to find it after an interrupted post. */
  marker: string;
  /** Jira users to mention (the people its author mentioned in the tracker, through the user map). */
  mentions?: Array<{ accountId: string; name: string }>;
}

/** Comments on Jira issues, read and written for the comment relay. */
export interface JiraComments {
  /** The comment as Jira has it now; null when it (or its issue) is gone. */
  getComment(issueId: string, commentId: string): Promise<JiraComment | null>;
  /** Not idempotent: retried only when Jira refused it (429). Returns the comment's id. */
  postRelayedComment(issueId: string, comment: RelayedJiraComment): Promise<string>;
  /** Idempotent: the copy is set to the new text. */
  updateRelayedComment(issueId: string, commentId: string, comment: RelayedJiraComment): Promise<void>;
  /** Idempotent: a copy already gone is fine. */
  deleteComment(issueId: string, commentId: string): Promise<void>;
  /** A comment by the bridge carrying `marker`: proof an interrupted post landed. */
  findOwnComment(issueId: string, marker: string): Promise<string | null>;
}

/** Jira's comment URL: the issue page, scrolled to the comment. */
export const jiraCommentUrl = (issueUrl: string, commentId: string) =>
  `${issueUrl}?focusedCommentId=${encodeURIComponent(commentId)}`;

const document = (comment: RelayedJiraComment): Document => ({
  type: 'doc',
  version: 1,
  content: [
    {
      type: 'paragraph',
      content: [
        { type: 'text', text: comment.author, marks: [{ type: 'strong' }] },
        { type: 'text', text: ' commented on ' },
        {
          type: 'text',
          text: comment.link.text,
          marks: [{ type: 'link', attrs: { href: `${comment.link.url.split('#')[0]}#${comment.marker}` } }],
        },
        { type: 'text', text: ' in the product tracker:' },
      ],
    },
    ...comment.text
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => ({ type: 'paragraph', content: [{ type: 'text', text: line }] })),
    ...(comment.mentions?.length
      ? [
          {
            type: 'paragraph',
            content: comment.mentions.flatMap((m, i) => [
              ...(i ? [{ type: 'text', text: ' ' }] : []),
              { type: 'mention', attrs: { id: m.accountId, text: `@${m.name}` } },
            ]),
          },
        ]
      : []),
  ],
});

/** The people an Atlassian Document mentions, each once. */
function mentionsIn(
  node: unknown,
  found = new Map<string, string>(),
): Array<{ accountId: string; displayName: string }> {
  if (node && typeof node === 'object') {
    const n = node as { type?: unknown; attrs?: { id?: unknown; text?: unknown }; content?: unknown };
    if (n.type === 'mention' && typeof n.attrs?.id === 'string')
      found.set(n.attrs.id, typeof n.attrs.text === 'string' ? n.attrs.text.replace(/^@/, '') : n.attrs.id);
    if (Array.isArray(n.content)) for (const child of n.content) mentionsIn(child, found);
  }
  return [...found].map(([accountId, displayName]) => ({ accountId, displayName }));
}

const gone = (err: unknown) => httpStatusOf(err) === 404 || (err instanceof Error && httpStatusOf(err.cause) === 404);

export function createJiraComments(
  { client, call }: { client: JiraApiClient; call: JiraCall },
  myAccountId: () => Promise<string>,
): JiraComments {
  type RawComment = {
    id?: string;
    author?: { accountId?: string; displayName?: string };
    body?: unknown;
    visibility?: { type?: string; value?: string; identifier?: string } | null;
  };
  const read = (raw: RawComment): JiraComment => ({
    id: raw.id ?? '',
    authorId: raw.author?.accountId ?? null,
    authorName: raw.author?.displayName ?? 'Someone',
    text:
      typeof raw.body === 'string'
        ? raw.body
        : raw.body && typeof raw.body === 'object'
          ? documentText(raw.body as Record<string, unknown>).trim()
          : '',
    restricted: !!raw.visibility?.type,
    mentions: mentionsIn(raw.body),
  });
  return {
    async getComment(issueId, commentId) {
      try {
        const raw = await call(`read of comment ${commentId}`, 'read', () =>
          client.issueComments.getComment<RawComment>({ issueIdOrKey: issueId, id: commentId }),
        );
        return read(raw);
      } catch (err) {
        if (gone(err)) return null;
        throw err;
      }
    },
    async postRelayedComment(issueId, comment) {
      const posted = await call(
        `comment on ${issueId}`,
        'write',
        () => client.issueComments.addComment<RawComment>({ issueIdOrKey: issueId, comment: document(comment) }),
        'only-if-rejected',
      );
      return posted.id ?? '';
    },
    async updateRelayedComment(issueId, commentId, comment) {
      await call(`update of comment ${commentId}`, 'write', () =>
        client.issueComments.updateComment({ issueIdOrKey: issueId, id: commentId, body: document(comment) }),
      );
    },
    async deleteComment(issueId, commentId) {
      try {
        await call(`deletion of comment ${commentId}`, 'write', () =>
          client.issueComments.deleteComment({ issueIdOrKey: issueId, id: commentId }),
        );
      } catch (err) {
        if (!gone(err)) throw err;
      }
    },
    async findOwnComment(issueId, marker) {
      const me = await myAccountId();
      // Newest first: an interrupted post is among the latest comments.
      for (let startAt = 0; startAt < 5_000; startAt += 100) {
        const page = await call(`comments of ${issueId}`, 'read', () =>
          client.issueComments.getComments<{ comments?: RawComment[]; total?: number }>({
            issueIdOrKey: issueId,
            startAt,
            maxResults: 100,
            orderBy: '-created',
          }),
        );
        const found = (page.comments ?? []).find(
          (c) => c.author?.accountId === me && JSON.stringify(c.body ?? '').includes(marker),
        );
        if (found?.id) return found.id;
        if ((page.comments ?? []).length < 100) return null;
      }
      return null;
    },
  };
}
