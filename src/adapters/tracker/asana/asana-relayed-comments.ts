import type { Clock } from '../../../platform/clock/clock';
import { withRetry, type RetryPolicy } from '../../../platform/retry/with-retry';
import type { RelayedComment, TrackerComment } from '../tracker';
import { unwrap, type AsanaApi } from './asana-client';
import { escapeXml, withMarker } from './render-comment';

/** Pure: a comment relayed from Jira as Asana `html_text`: its author, the link to it, its text. */
export function renderRelayed(comment: RelayedComment): string {
  const link = `<a href="${escapeXml(withMarker(comment.link.url, comment.marker))}">${escapeXml(comment.link.text)}</a>`;
  // A mention notifies the person and makes them a follower, as the author meant in Jira.
  const mentions = (comment.mentions ?? []).map((gid) => `<a data-asana-gid="${escapeXml(gid)}"/> `).join('');
  return `<body>${mentions}<strong>${escapeXml(comment.author)}</strong> commented on ${link} in Jira:\n${escapeXml(comment.text)}</body>`;
}

/** Asana's side of the comment relay: stories read, edited and deleted by gid. */
export function createAsanaRelayedComments(api: AsanaApi, clock: Clock, policy: RetryPolicy) {
  return {
    async readComment(commentId: string): Promise<TrackerComment | null> {
      const story = await withRetry(
        async () => {
          const response = await api.GET('/stories/{story_gid}', {
            params: {
              path: { story_gid: commentId },
              query: {
                opt_fields: ['resource_subtype', 'text', 'html_text', 'created_by', 'created_by.name', 'target'],
              },
            },
          });
          return response.response.status === 404
            ? null
            : (unwrap(response, `read of story ${commentId}`, clock).data ?? null);
        },
        clock,
        policy,
      );
      if (!story || story.resource_subtype !== 'comment_added' || !story.target?.gid) return null;
      const html = (story as { html_text?: string }).html_text ?? '';
      return {
        id: commentId,
        taskId: story.target.gid,
        authorId: story.created_by?.gid ?? null,
        authorName: story.created_by?.name ?? 'Someone',
        text: story.text ?? '',
        mentions: [...html.matchAll(/data-asana-gid="(\d+)"/g)].map((m) => m[1]!),
      };
    },
    async updateRelayed(commentId: string, comment: RelayedComment): Promise<void> {
      // Setting the same text twice changes nothing, so this write may be retried.
      await withRetry(
        async () =>
          unwrap(
            await api.PUT('/stories/{story_gid}', {
              params: { path: { story_gid: commentId } },
              body: { data: { html_text: renderRelayed(comment) } },
            }),
            `update of story ${commentId}`,
            clock,
          ),
        clock,
        policy,
      );
    },
    async deleteComment(commentId: string): Promise<void> {
      // Deleting twice is harmless (404 after the first), so this may be retried.
      await withRetry(
        async () => {
          const deleted = await api.DELETE('/stories/{story_gid}', { params: { path: { story_gid: commentId } } });
          return deleted.response.status === 404 ? null : unwrap(deleted, `deletion of story ${commentId}`, clock);
        },
        clock,
        policy,
      );
    },
  };
}
