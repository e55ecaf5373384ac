import type { JobRow } from '../../adapters/storage/schema';
import { findLinkById, lockLinkForSync, unlockLink } from '../../adapters/storage/links-repo';
import { settleNotice, startSending } from '../../adapters/storage/notices-repo';
import type { FieldValues } from '../../engine/types';
import type { JobHandler, JobResult } from '../../work/job-handler';
import type { Ctx } from '../context';
import { sendNotice } from './send-notice';

const noticeIdOf = (job: JobRow) => Number(job.payload.noticeId);

/**
 * Sends a due notice exactly once: marked `sending` first (its content is then frozen), under the
 * link's sync lock so no sync changes the task meanwhile; a busy task puts it off briefly.
 */
export const noticeJobHandler: JobHandler<Ctx> = {
  noun: 'notice',
  describe: (job) => ({ noticeId: noticeIdOf(job) }),
  async run(ctx, [job]): Promise<JobResult> {
    const { db, clock } = ctx;
    const notice = await startSending(db, noticeIdOf(job!), clock.now());
    if (!notice || notice.status === 'cancelled') return { outcome: 'cancelled' };
    if (notice.status === 'sent') return { outcome: 'already-sent' };
    if (notice.status === 'open')
      return { later: notice.dueAt, reason: 'more changes arrived: the notice is not due yet' };
    const cancel = async (): Promise<JobResult> => {
      await settleNotice(db, notice.id, { status: 'cancelled', at: clock.now() });
      return { outcome: 'cancelled' };
    };
    if (!(await lockLinkForSync(db, notice.linkId, clock.now(), ctx.config.sync.leaseSeconds * 1000))) {
      if (!(await findLinkById(db, notice.linkId))) return cancel();
      return { later: clock.now() + 2_000, reason: 'task busy with a sync' };
    }
    try {
      // Read under the lock: a sync that held it until a moment ago has recorded what it wrote.
      const link = await findLinkById(db, notice.linkId);
      // A link gone, or made under a mapping the config no longer has, is told nothing more.
      if (!link || !ctx.mappingNames.includes(link.mapping)) return await cancel();
      // Told in the words and to the people of the mapping the link was made under.
      const result = await sendNotice(ctx.inMapping(link.mapping), notice, link.writtenValues as FieldValues);
      if ('outcome' in result) {
        ctx.log.info('notice settled', {
          noticeId: notice.id,
          taskId: notice.taskId,
          jiraKey: notice.jiraKey,
          outcome: result.outcome,
          attempt: job!.attempts,
        });
      }
      return result;
    } finally {
      await unlockLink(db, notice.linkId);
    }
  },
  async onFailed(ctx, jobs) {
    for (const job of jobs) await settleNotice(ctx.db, noticeIdOf(job), { status: 'failed', at: ctx.clock.now() });
  },
};
