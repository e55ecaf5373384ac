import { recordRequesters } from '../../adapters/storage/links-repo';
import type { NoticeAudience } from '../../adapters/tracker/tracker';
import type { Ctx } from '../context';

/**
 * Keeps who asked for a request (the names in the mapping's requester field) on its links, for
 * the dashboard's requester filter: each time the bridge reads a task's audience anyway (a notice,
 * a digest, a commit), and once after its status first changes (see flow-fields).
 */
export async function noteRequesters(ctx: Pick<Ctx, 'db' | 'config'>, taskId: string, audience: NoticeAudience) {
  if (ctx.config.notifications.recipients.requesterField)
    await recordRequesters(ctx.db, taskId, audience.requesterNames);
}

/** Reads a task's requesters when the store has none for it yet. */
export async function readRequestersOnce(ctx: Ctx, link: { taskId: string; requesters: string[] | null }) {
  const field = ctx.config.notifications.recipients.requesterField;
  if (!field || link.requesters !== null) return;
  await noteRequesters(ctx, link.taskId, await ctx.tracker.conversation.noticeAudience(link.taskId, field));
}
