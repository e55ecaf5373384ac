import { backlogByKind, lastArrivalAt, listJobs } from '../../adapters/storage/jobs-admin-repo';
import { listTrackerWebhooks } from '../../adapters/storage/webhook-registrations-repo';
import type { Ctx } from '../context';
import { healthReport } from '../health/health-report';
import { JIRA_DELIVERY } from '../jobs/delivery-job';
import { TRACKER_EVENT } from '../jobs/tracker-event-job';
import { describeError } from '../../platform/log/logger';

/** The stalled-sync alert fires when the oldest pending Jira delivery is older than this (the README's rule). */
const STALLED_AFTER_MS = 15 * 60_000;

/**
 * What the admin watches, from the store and the runtime (no call to Jira or the tracker): health,
 * the queue's backlog per kind of job, the stalled-sync alert, the rate budgets in use, the
 * webhooks and their last delivery, and the dead letters.
 */
export async function operationsView(ctx: Ctx) {
  const now = ctx.clock.now();
  const [health, backlog, deadLetters, trackerHooks] = await Promise.all([
    healthReport(ctx),
    backlogByKind(ctx.db),
    listJobs(ctx.db, { status: 'failed' }, 200),
    listTrackerWebhooks(ctx.db),
  ]);
  const oldestAgeMs = health.status === 'ok' ? health.backlog.oldestPendingAgeMs : null;
  const rateBudgets = await ctx.rateBudgets().catch((err: unknown) => {
    ctx.log.warn('could not read the rate budgets', { error: describeError(err) });
    return [];
  });
  return {
    now,
    health,
    backlog: backlog.map((b) => ({
      ...b,
      oldestPendingAgeMs: b.oldestPendingCreatedAt === null ? null : now - b.oldestPendingCreatedAt,
    })),
    stalledSync: {
      firing: oldestAgeMs !== null && oldestAgeMs > STALLED_AFTER_MS,
      condition: `the oldest pending Jira delivery is older than ${STALLED_AFTER_MS / 60_000} minutes`,
      oldestPendingAgeMs: oldestAgeMs,
    },
    rateBudgets,
    webhooks: {
      jira: {
        path: '/webhooks/jira',
        signed: ctx.secrets.jiraWebhookSecret !== undefined,
        lastDeliveryAt: await lastArrivalAt(ctx.db, JIRA_DELIVERY, 'jira'),
      },
      tracker: {
        kind: ctx.tracker.kind,
        path: `/webhooks/${ctx.tracker.kind}`,
        registered: trackerHooks.filter((h) => h.tracker === ctx.tracker.kind),
        lastEventAt: await lastArrivalAt(ctx.db, TRACKER_EVENT),
      },
    },
    deadLetters,
  };
}

export type OperationsView = Awaited<ReturnType<typeof operationsView>>;
