import type { NewJob } from '../../adapters/storage/jobs-repo';
import type { JobRow } from '../../adapters/storage/schema';
import { iso, whenItRuns } from '../../work/dead-letters';

/** The kind of job that brings one Jira issue's task up to date. */
export const JIRA_DELIVERY = 'jira-delivery';

/** Who asked for the sync: a Jira webhook, or the bridge itself (an admin's link, a commit, reconcile, backfill). */
export type DeliverySource = 'jira' | 'admin' | 'reconcile' | 'backfill';

export interface DeliveryPayload {
  source: DeliverySource;
  event: string;
  issueId: string;
  issueKey: string;
  /** The Jira event time (`timestamp`), or when the bridge asked. */
  eventAt: number;
  /** Who made the change in Jira (display name), for the stakeholders' notice. */
  actor: string | null;
  /** Their Jira account id, to recognise the bridge's own changes. */
  actorId: string | null;
  /** The Jira changelog id of the change (for the audit trail), when the webhook carried one. */
  changelogId?: string | null;
}

/** A delivery job: keyed by its delivery id (idempotent), grouped by issue (a burst costs one sync). */
export function deliveryJob(key: string, payload: DeliveryPayload): NewJob {
  return { kind: JIRA_DELIVERY, key, group: payload.issueId, payload: { ...payload } };
}

/** A sync the bridge asks for itself, under a key that says why (so asking twice is one job). */
export function syntheticDelivery(
  source: Exclude<DeliverySource, 'jira'>,
  key: string,
  issue: { id: string; key: string },
  event: string,
  at: number,
): NewJob {
  return deliveryJob(key, {
    source,
    event,
    issueId: issue.id,
    issueKey: issue.key,
    eventAt: at,
    actor: null,
    actorId: null,
  });
}

export const deliveryOf = (job: JobRow) => job.payload as unknown as DeliveryPayload;

/** A delivery as the admin API and CLI show it. */
export function publicDelivery(row: JobRow) {
  const delivery = deliveryOf(row);
  return {
    id: row.id,
    deliveryId: row.key,
    event: delivery.event,
    issueKey: delivery.issueKey,
    status: row.status,
    attempts: row.attempts,
    outcome: row.outcome,
    lastError: row.lastError,
    receivedAt: iso(row.createdAt),
    ...whenItRuns(row),
    processedAt: iso(row.finishedAt),
  };
}
