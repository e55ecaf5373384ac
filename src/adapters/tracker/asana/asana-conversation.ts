import { AppError } from '../../../platform/errors/app-errors';
import type { Clock } from '../../../platform/clock/clock';
import { withRetry, withRetryIfRejected, type RetryPolicy } from '../../../platform/retry/with-retry';
import type { NoticeAudience, TrackerConversation, TrackerNote, TrackerPeople } from '../tracker';
import { asanaItems, unwrap, type AsanaApi } from './asana-client';
import { fieldKey } from './field-catalog';
import { renderComment, renderDigest, renderNote } from './render-comment';
import { createAsanaRelayedComments, renderRelayed } from './asana-relayed-comments';
import { createUserDirectory } from './user-directory';

/**
 * Stories pages (100 each) read at most when looking for an earlier post. Asana lists stories
 * oldest first only, so the whole history is read; past this the search gives up loudly rather
 * than risk posting twice.
 */
const MAX_STORY_PAGES = 500;

/** The task's history is too long to prove an earlier post absent: the notice fails instead of posting twice. */
export class StoryHistoryTooLongError extends AppError {
  readonly status = 409;
  readonly code = 'story_history_too_long';
}

/** Asana's side of notices (followers, comments as stories) and of people (the bridge's own user, e-mails). */
export function createAsanaConversation(
  api: AsanaApi,
  clock: Clock,
  policy: RetryPolicy,
): { conversation: TrackerConversation; people: TrackerPeople } {
  const users = createUserDirectory(api, clock, policy);
  let self: Promise<string> | undefined;
  const selfId = () => {
    self ??= withRetry(
      async () =>
        unwrap(
          await api.GET('/users/{user_gid}', { params: { path: { user_gid: 'me' }, query: { opt_fields: ['name'] } } }),
          'read of the bridge user',
          clock,
        ).data?.gid ?? '',
      clock,
      policy,
    );
    self.catch(() => (self = undefined));
    return self;
  };

  async function post(taskId: string, html: string): Promise<string> {
    // Creating a story is not idempotent: only a refusal (429) is retried here; anything
    // ambiguous goes back to the notice, whose next attempt looks for the comment first.
    const story = await withRetryIfRejected(
      async () =>
        unwrap(
          await api.POST('/tasks/{task_gid}/stories', {
            params: { path: { task_gid: taskId }, query: { opt_fields: ['created_at'] } },
            body: { data: { html_text: html } },
          }),
          `comment on task ${taskId}`,
          clock,
        ),
      clock,
      policy,
    );
    return story.data?.gid ?? '';
  }

  const all = {
    selfId,

    async emailOf(userId: string): Promise<string | null> {
      const result = await withRetry(
        async () => {
          const response = await api.GET('/users/{user_gid}', {
            params: { path: { user_gid: userId }, query: { opt_fields: ['email'] } },
          });
          return response.response.status === 404 ? null : (unwrap(response, 'user read', clock).data?.email ?? null);
        },
        clock,
        policy,
      );
      return result;
    },

    async noticeAudience(taskId: string, requesterField?: string): Promise<NoticeAudience> {
      const task = await withRetry(
        async () =>
          unwrap(
            await api.GET('/tasks/{task_gid}', {
              params: {
                path: { task_gid: taskId },
                query: {
                  opt_fields: ['name', 'followers', 'custom_fields.name', 'custom_fields.people_value.name'],
                },
              },
            }),
            `read of task ${taskId}`,
            clock,
          ).data,
        clock,
        policy,
      );
      const field = requesterField
        ? task?.custom_fields?.find((f) => f.name && fieldKey(f.name) === fieldKey(requesterField))
        : undefined;
      const people = (field?.people_value ?? []).filter((p) => !!p.gid);
      return {
        taskName: task?.name ?? '',
        followers: (task?.followers ?? []).map((f) => f.gid).filter((g): g is string => !!g),
        requesters: people.map((p) => p.gid!),
        requesterNames: people.map((p) => p.name ?? p.gid!),
        selfId: await selfId(),
      };
    },

    async findOwnComment(
      taskId: string,
      since: number,
      marker: string,
      exclude: readonly string[],
    ): Promise<string | null> {
      const me = await selfId();
      const stories = asanaItems(
        (offset) =>
          withRetry(
            async () =>
              unwrap(
                await api.GET('/tasks/{task_gid}/stories', {
                  params: {
                    path: { task_gid: taskId },
                    query: {
                      opt_fields: ['created_at', 'created_by', 'resource_subtype', 'html_text'],
                      limit: 100,
                      ...(offset && { offset }),
                    },
                  },
                }),
                `read of task ${taskId} stories`,
                clock,
              ),
            clock,
            policy,
          ),
        {
          maxPages: MAX_STORY_PAGES,
          onMorePages: () => {
            throw new StoryHistoryTooLongError(
              `Task ${taskId} has more than ${MAX_STORY_PAGES * 100} stories: cannot tell whether the notice was posted, so it is not posted again`,
            );
          },
        },
      );
      for await (const story of stories) {
        // The compact story type of the spec omits html_text, which opt_fields asks for.
        const s = story as typeof story & { html_text?: string };
        if (
          s.gid &&
          s.resource_subtype === 'comment_added' &&
          s.created_by?.gid === me &&
          !exclude.includes(s.gid) &&
          Date.parse(s.created_at ?? '') >= since &&
          (s.html_text ?? '').includes(encodeURIComponent(marker))
        )
          return s.gid;
      }
      return null;
    },

    async addFollowers(taskId: string, userIds: readonly string[]): Promise<void> {
      if (userIds.length === 0) return;
      // Adding a follower twice changes nothing, so this write may be retried.
      await withRetry(
        async () =>
          unwrap(
            await api.POST('/tasks/{task_gid}/addFollowers', {
              params: { path: { task_gid: taskId }, query: { opt_fields: ['followers'] } },
              body: { data: { followers: [...userIds] } },
            }),
            `adding followers to task ${taskId}`,
            clock,
          ),
        clock,
        policy,
      );
    },
  };

  return {
    conversation: {
      noticeAudience: all.noticeAudience,
      postComment: (taskId, message) => post(taskId, renderComment(message)),
      postNote: (taskId, note: TrackerNote) => post(taskId, renderNote(note)),
      postDigest: (taskId, digest) => post(taskId, renderDigest(digest)),
      findOwnComment: all.findOwnComment,
      addFollowers: all.addFollowers,
      postRelayed: (taskId, comment) => post(taskId, renderRelayed(comment)),
      ...createAsanaRelayedComments(api, clock, policy),
    },
    people: { selfId, emailOf: all.emailOf, findUserByEmail: users.findUserByEmail },
  };
}
