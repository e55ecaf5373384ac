import { recentStatusUpdates } from '../../adapters/storage/status-updates-repo';
import { duePeriods, nextScheduleTime } from '../../engine/report/report-period';
import type { StatusUpdateSettings } from '../../platform/config/status-updates-schema';
import { ValidationError } from '../../platform/errors/app-errors';
import { recordAdminAction } from '../audit/audit-trail';
import { requireCredentials, type Ctx } from '../context';
import { statusUpdateJob } from '../jobs/status-update-job';
import { composeUpdate } from './compose-update';

/** The mapping's status update settings, or a 400 naming what is missing. */
function settingsOf(root: Ctx, mapping: string | undefined): { ctx: Ctx; settings: StatusUpdateSettings } {
  const name = mapping ?? root.mappingNames.find((n) => root.inMapping(n).config.statusUpdates) ?? root.mapping;
  if (!root.mappingNames.includes(name)) {
    const problem = `mapping: no mapping "${name}" (the config has ${root.mappingNames.join(', ')})`;
    throw new ValidationError(problem, [problem]);
  }
  const ctx = root.inMapping(name);
  const settings = ctx.config.statusUpdates;
  if (!settings) {
    const problem = `mapping "${name}" has no \`statusUpdates\` in the config: add one with a \`schedule\``;
    throw new ValidationError(problem, [problem]);
  }
  return { ctx, settings };
}

/**
 * The next update as it would read if it were posted now: from the newest schedule time to now,
 * against the period before. Nothing is posted or stored (the flows read are kept up to date).
 */
export async function previewStatusUpdate(root: Ctx, mapping: string | undefined) {
  requireCredentials(root, 'A status update');
  const { ctx, settings } = settingsOf(root, mapping);
  const now = ctx.clock.now();
  const due = duePeriods(settings.schedule, settings.timeZone, now);
  const start = due?.period.end ?? now - 7 * 86_400_000;
  const periods = {
    period: { start, end: now },
    previous: due?.period ?? { start: start - 7 * 86_400_000, end: start },
  };
  const update = await composeUpdate(ctx, settings, periods);
  const next = nextScheduleTime(settings.schedule, settings.timeZone, now);
  return {
    mapping: ctx.mapping,
    dueAt: next === null ? null : new Date(next).toISOString(),
    period: { start: new Date(start).toISOString(), end: new Date(now).toISOString() },
    ...update,
  };
}

/**
 * Posts the newest due update now, if it was not (e.g. one skipped while the bridge was down
 * longer than the catch-up time): the same job, so still once per period.
 */
export async function postDueStatusUpdate(root: Ctx, actor: string, mapping: string | undefined) {
  requireCredentials(root, 'A status update');
  const { ctx, settings } = settingsOf(root, mapping);
  const due = duePeriods(settings.schedule, settings.timeZone, ctx.clock.now());
  if (!due) {
    const problem = `the schedule "${settings.schedule}" has not come round yet: nothing is due`;
    throw new ValidationError(problem, [problem]);
  }
  await recordAdminAction(ctx, actor, 'status-update-requested', {
    mapping: ctx.mapping,
    detail: { periodEnd: new Date(due.period.end).toISOString() },
  });
  const rowOfPeriod = async () =>
    (await recentStatusUpdates(ctx.db, ctx.mapping, 5)).find((r) => r.periodEnd === due.period.end);
  const earlier = await rowOfPeriod();
  if (earlier?.status === 'sent')
    return { mapping: ctx.mapping, outcome: 'already-sent', error: null, update: publicStatusUpdate(earlier) };
  const job = await ctx.work.runOnce(statusUpdateJob({ mapping: ctx.mapping, ...due }));
  const row = await rowOfPeriod();
  return {
    mapping: ctx.mapping,
    /** `sent`, `already-sent`; `pending` when it is retried later, `failed` when it gave up. */
    outcome: job?.status === 'done' ? (job.outcome ?? 'sent') : (job?.status ?? 'pending'),
    error: job?.lastError ?? null,
    update: row ? publicStatusUpdate(row) : null,
  };
}

/** The updates posted (or being posted, or failed), newest first. */
export async function listStatusUpdates(ctx: Ctx, mapping: string | undefined, limit: number) {
  return { updates: (await recentStatusUpdates(ctx.db, mapping, limit)).map(publicStatusUpdate) };
}

function publicStatusUpdate(row: Awaited<ReturnType<typeof recentStatusUpdates>>[number]) {
  return {
    mapping: row.mapping,
    periodStart: new Date(row.periodStart).toISOString(),
    periodEnd: new Date(row.periodEnd).toISOString(),
    status: row.status,
    title: row.title,
    statusType: row.statusType,
    trackerId: row.trackerId,
    sentAt: row.sentAt === null ? null : new Date(row.sentAt).toISOString(),
    text: row.text,
  };
}
