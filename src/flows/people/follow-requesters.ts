import type { Ctx } from '../context';

/**
 * The requesting stakeholders follow the task (when configured), so every notice reaches them.
 * Adding a follower twice changes nothing, so this may run again after a retry.
 */
export async function followRequesters(ctx: Pick<Ctx, 'config' | 'tracker'>, taskId: string): Promise<void> {
  const { requesterField, addRequesterAsFollower } = ctx.config.notifications.recipients;
  if (!addRequesterAsFollower || !requesterField) return;
  const audience = await ctx.tracker.conversation.noticeAudience(taskId, requesterField);
  const missing = audience.requesters.filter((id) => !audience.followers.includes(id));
  await ctx.tracker.conversation.addFollowers(taskId, missing);
}
