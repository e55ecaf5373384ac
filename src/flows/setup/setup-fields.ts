import type { FieldSetupReport } from '../../adapters/tracker/tracker';
import { expectedFields } from '../../engine/expected-fields';
import type { Ctx } from '../context';

/**
 * Gives the tracker project the fields and options the config writes and it lacks (`dryRun`:
 * only says what it would do). A rerun after a complete run changes nothing.
 */
export async function setupFields(
  ctx: Pick<Ctx, 'config' | 'tracker'>,
  options: { dryRun: boolean },
): Promise<FieldSetupReport> {
  const expected = expectedFields(ctx.config.fields, ctx.config.notifications.recipients.requesterField);
  return ctx.tracker.setup.prepareFields(expected, options);
}
