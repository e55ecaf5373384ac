import { findLinkById } from '../../adapters/storage/links-repo';
import type { JobRow } from '../../adapters/storage/schema';
import { lookup } from '../../engine/lookup';
import type { FieldValues } from '../../engine/types';
import type { JobHandler, JobResult } from '../../work/job-handler';
import type { Ctx } from '../context';

const linkIdOf = (job: JobRow) => Number(job.payload.linkId);

/**
 * Keeps a task in the board section (column) of the status the bridge last wrote to it: the
 * section named in `board.sections` for that status option, else the option's own name. Reads
 * the link when it runs, so a late job places the task by its newest status.
 */
export const boardJobHandler: JobHandler<Ctx> = {
  noun: 'board placement',
  describe: (job) => ({ linkId: linkIdOf(job) }),
  async run(root, [job]): Promise<JobResult> {
    const link = await findLinkById(root.db, linkIdOf(job!));
    if (!link || link.state !== 'active' || !root.mappingNames.includes(link.mapping)) return { outcome: 'link-gone' };
    const ctx = root.inMapping(link.mapping);
    const board = ctx.config.board;
    if (!board?.enabled) return { outcome: 'no-board' };
    const status = (link.writtenValues as FieldValues)[ctx.config.fields.status.field];
    if (status?.type !== 'enum') return { outcome: 'no-status' };
    const section = lookup(board.sections, status.option) ?? status.option;
    const outcome = await ctx.tracker.board.placeTask(link.taskId, section, { create: board.createSections });
    if (outcome === 'no-section')
      ctx.log.warn('board: the project has no section for this status (createSections is false)', {
        taskId: link.taskId,
        jiraKey: link.jiraKey,
        section,
      });
    return { outcome };
  },
};
