import { auditPage } from '../../adapters/storage/audit-repo';
import { findCommit } from '../../adapters/storage/commits-repo';
import { flowOf } from '../../adapters/storage/flow-snapshots-repo';
import { jobsOfGroup } from '../../adapters/storage/jobs-admin-repo';
import { findLinksByKey } from '../../adapters/storage/links-repo';
import type { AuditRow, JobRow } from '../../adapters/storage/schema';
import { show } from '../../engine/notices/compose-notice';
import type { FieldValue } from '../../engine/types';
import { NotFoundError } from '../../platform/errors/app-errors';
import type { Ctx } from '../context';
import { deliveryOf, JIRA_DELIVERY } from '../jobs/delivery-job';

/** How far back a timeline page reaches: the newest entries of each source. */
const MAX_EVENTS = 1000;

export type TimelineKind = 'jira-change' | 'sync-asked' | 'field-written' | 'notice-sent' | 'commit' | 'admin';

export interface TimelineEvent {
  at: number;
  kind: TimelineKind;
  actor: string;
  /** One line saying what happened. */
  title: string;
  /** More: the old and new value, the rule, the notice's words, the delivery's outcome. */
  detail: string[];
  mapping: string | null;
}

/**
 * One request's story, oldest first: the Jira changes the bridge received (and the syncs it asked
 * for itself), every field it wrote with the rule behind it, every notice it sent, its commit and
 * the admins' actions on it; with its links and flow. From the store alone.
 */
export async function requestTimeline(ctx: Ctx, jiraKey: string) {
  const links = await findLinksByKey(ctx.db, jiraKey);
  const audit = await auditPage(ctx.db, { jiraKey }, 0, MAX_EVENTS);
  if (!links.length && !audit.length) throw new NotFoundError(`The bridge has no record of ${jiraKey}`);
  const issueId = links[0]?.jiraIssueId;
  const [flow, deliveries, commits] = await Promise.all([
    issueId ? flowOf(ctx.db, issueId) : undefined,
    issueId ? jobsOfGroup(ctx.db, JIRA_DELIVERY, issueId, MAX_EVENTS) : [],
    Promise.all([...new Set(links.map((l) => l.taskId))].map((taskId) => findCommit(ctx.db, taskId))),
  ]);
  const events: TimelineEvent[] = [
    ...deliveries.map(deliveryEvent),
    ...audit.map(auditEvent),
    ...commits.flatMap((c) =>
      c?.jiraKey?.toUpperCase() === jiraKey.toUpperCase()
        ? [
            {
              at: c.updatedAt,
              kind: 'commit' as const,
              actor: 'bridge',
              title: `Committed: the request became ${c.jiraKey} (${c.status})`,
              detail: [],
              mapping: null,
            },
          ]
        : [],
    ),
  ].sort((a, b) => a.at - b.at);
  return { jiraKey: jiraKey.toUpperCase(), links, flow: flow ?? null, events };
}

export type RequestTimeline = Awaited<ReturnType<typeof requestTimeline>>;

function deliveryEvent(job: JobRow): TimelineEvent {
  const d = deliveryOf(job);
  const fromJira = d.source === 'jira';
  // In the order the bridge received them; Jira's own time of the change is in the detail.
  return {
    at: job.createdAt,
    kind: fromJira ? 'jira-change' : 'sync-asked',
    actor: fromJira ? `jira:${d.actor ?? 'unknown'}` : d.source,
    title: fromJira ? `Jira: ${d.event.replace(/^jira:/, '')}` : `Sync asked by ${d.source} (${d.event})`,
    detail: [
      `delivery ${job.key}: ${job.status}${job.outcome ? ` (${job.outcome})` : ''}`,
      ...(fromJira && d.eventAt ? [`changed in Jira at ${new Date(d.eventAt).toISOString()}`] : []),
      ...(job.lastError ? [`last error: ${job.lastError}`] : []),
    ],
    mapping: null,
  };
}

const valueText = (value: unknown) => (value === null || value === undefined ? 'none' : show(value as FieldValue));

function auditEvent(row: AuditRow): TimelineEvent {
  const base = { at: row.at, actor: row.actor, mapping: row.mapping };
  if (row.action === 'field-written')
    return {
      ...base,
      kind: 'field-written',
      title: `${row.field}: ${valueText(row.oldValue)} → ${valueText(row.newValue)}`,
      detail: row.rule ? [row.rule] : [],
    };
  if (row.action === 'notice-sent') {
    const notice = (row.newValue ?? {}) as { text?: string; recipients?: string[] };
    return {
      ...base,
      kind: 'notice-sent',
      title: `Notice sent to ${notice.recipients?.length ?? 0} stakeholder(s)`,
      detail: notice.text ? [notice.text] : [],
    };
  }
  return {
    ...base,
    kind: 'admin',
    title: row.action,
    detail: row.cause ? [JSON.stringify(row.cause)] : [],
  };
}
