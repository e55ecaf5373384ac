import { CLI_ACTOR } from '../../flows/audit/audit-trail';
import type { Ctx } from '../../flows/context';
import { listStatusUpdates, postDueStatusUpdate, previewStatusUpdate } from '../../flows/report/status-update-admin';
import type { CliInvocation } from './cli-args';

const TYPE = { on_track: 'On track', at_risk: 'At risk', off_track: 'Off track' } as const;

/**
 * `report --dry-run`: the next status update as it would read now; `report`: post the newest due
 * one if it was not; `report history`: the updates posted, newest first.
 */
export async function reportCommand(
  ctx: Ctx,
  { args, flags }: CliInvocation,
  print: (t: string, j: unknown) => void,
): Promise<number> {
  if (args[0] === 'history') {
    const { updates } = await listStatusUpdates(ctx, flags.mapping, Number(flags.limit ?? 20));
    const lines = updates.map(
      (u) => `${u.periodEnd}  ${u.mapping.padEnd(12)} ${u.status.padEnd(8)} ${u.statusType ?? '-'}  ${u.title ?? ''}`,
    );
    print(lines.join('\n') || 'No status update yet.', { updates });
    return 0;
  }
  if (flags.dryRun) {
    const preview = await previewStatusUpdate(ctx, flags.mapping);
    print(
      [
        `Dry run: nothing posted. Next update due ${preview.dueAt ?? 'never'}; as it would read now:`,
        '',
        `${preview.title} [${TYPE[preview.statusType]}]`,
        '',
        preview.text,
      ].join('\n'),
      preview,
    );
    return 0;
  }
  const result = await postDueStatusUpdate(ctx, CLI_ACTOR, flags.mapping);
  const u = result.update;
  const said =
    result.outcome === 'sent'
      ? `Posted "${u?.title}" [${u?.statusType}] on the tracker project (id ${u?.trackerId})`
      : result.outcome === 'already-sent'
        ? `"${u?.title}" was already posted (id ${u?.trackerId}): not posted again`
        : `Not posted (${result.outcome}${result.error ? `: ${result.error}` : ''})${result.outcome === 'pending' ? '; it is retried' : ''}`;
  print(said, result);
  return result.outcome === 'sent' || result.outcome === 'already-sent' ? 0 : 1;
}
