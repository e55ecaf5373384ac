import { peopleToResolve } from '../../engine/desired-values';
import { planDeletion, planIssueSync, type LinkState } from '../../engine/plan-sync';
import { explainValues } from '../../engine/explain-values';
import type { FieldValues, IssueSnapshot } from '../../engine/types';
import { issueInScope } from '../links/issue-in-scope';
import { holdNotice } from '../notify/hold-notice';
import { resolvePeople } from '../people/resolve-people';
import { recordGaps } from '../../adapters/storage/mapping-gaps-repo';
import { autoLinkIssue } from '../links/auto-link';
import { SyncBusyError } from '../../platform/errors/app-errors';
import {
  findLinkByIssueId,
  lockLinkForSync,
  markWritePending,
  recordApplied,
  unlockLink,
} from '../../adapters/storage/links-repo';
import type { LinkRow } from '../../adapters/storage/schema';
import type { Ctx } from '../context';
import { followStatus } from './follow-status';

export type SyncOutcome =
  | 'unlinked'
  | 'issue-not-found'
  | 'updated'
  | 'unchanged'
  | 'stale-issue-state'
  | 'link-deleted'
  | 'marked-deleted'
  | 'superseded'
  | 'own-change';

export interface SyncResult {
  outcome: SyncOutcome;
  changedFields: string[];
  taskId?: string;
  /** Each mapping's outcome, when the issue is linked under more than one. */
  mappings?: Record<string, SyncOutcome>;
}

/** What asked for a sync, for the audit trail: the deliveries (or the bridge's own request) and the Jira changes. */
export interface SyncOrigin {
  source: string;
  deliveries: string[];
  jobIds: number[];
  /** The Jira changelog ids of the changes the deliveries carried. */
  changelogIds: string[];
  /** When Jira says the newest change happened. */
  eventAt: number | null;
}

/** The issue, read once for every mapping a run syncs; null when it is gone. */
type ReadIssue = () => Promise<IssueSnapshot | null>;

/**
 * Brings the tasks linked to the Jira issue (one per mapping) in line with its current state,
 * read fresh (once, whatever the number of mappings), so the order and number of deliveries
 * that led here do not matter. Only changed fields are written.
 */
export async function syncIssue(
  deps: Ctx,
  jiraIssueId: string,
  cause: 'changed' | 'deleted',
  actors: string[] = [],
  origin?: SyncOrigin,
): Promise<SyncResult> {
  let read: Promise<IssueSnapshot | null> | undefined;
  const readIssue: ReadIssue = () => (read ??= deps.jira.getIssue(jiraIssueId));
  const results: Array<[string, SyncResult]> = [];
  for (const name of deps.mappingNames) {
    results.push([name, await syncInMapping(deps.inMapping(name), jiraIssueId, cause, actors, readIssue, origin)]);
  }
  const linked = results.filter(([, r]) => r.outcome !== 'unlinked');
  if (linked.length <= 1) return linked[0]?.[1] ?? { outcome: 'unlinked', changedFields: [] };
  const outcomes = linked.map(([, r]) => r.outcome);
  return {
    outcome: outcomes.includes('updated') ? 'updated' : outcomes[0]!,
    changedFields: linked.flatMap(([name, r]) => r.changedFields.map((f) => `${name}: ${f}`)),
    taskId: linked[0]![1].taskId!,
    mappings: Object.fromEntries(linked.map(([name, r]) => [name, r.outcome])),
  };
}

/** The sync under one mapping: its link (or an automatic one), its fields, its notices. */
async function syncInMapping(
  deps: Ctx,
  jiraIssueId: string,
  cause: 'changed' | 'deleted',
  actors: string[],
  readIssue: ReadIssue,
  origin: SyncOrigin | undefined,
): Promise<SyncResult> {
  const link =
    (await findLinkByIssueId(deps.db, jiraIssueId, deps.mapping)) ??
    (deps.config.autoLink && cause === 'changed' ? await autoLinkUnlinked(deps, readIssue) : undefined);
  if (!link) return { outcome: 'unlinked', changedFields: [] };
  const leaseMs = deps.config.sync.leaseSeconds * 1000;
  if (!(await lockLinkForSync(deps.db, link.id, deps.clock.now(), leaseMs))) {
    throw new SyncBusyError(`${link.jiraKey} is being synced by another worker`);
  }
  let released = false;
  try {
    return await syncLocked(deps, link, cause, actors, readIssue, origin, () => (released = true));
  } finally {
    // Recording the result releases the lock in the same write; early returns and errors release it here.
    if (!released) await unlockLink(deps.db, link.id);
  }
}

async function syncLocked(
  deps: Ctx,
  link: LinkRow,
  cause: 'changed' | 'deleted',
  actors: string[],
  readIssue: ReadIssue,
  origin: SyncOrigin | undefined,
  lockReleased: () => void,
): Promise<SyncResult> {
  const state = await linkState(deps, link);

  let plan;
  // The rule behind each value, for the audit trail.
  let rules: Record<string, string> = {};
  if (cause === 'deleted') {
    plan = planDeletion(state, deps.config.fields);
    rules = { [deps.config.fields.status.field]: 'fields.status.onDeleted: the Jira issue was deleted' };
  } else {
    if (state.state === 'deleted') return { outcome: 'link-deleted', changedFields: [], taskId: link.taskId };
    const issue = await readIssue();
    if (!issue) return { outcome: 'issue-not-found', changedFields: [], taskId: link.taskId };
    const wanted = peopleToResolve(issue, deps.config.fields);
    const people = wanted.length ? await resolvePeople(deps, wanted) : undefined;
    plan = planIssueSync(state, issue, deps.config.fields, people);
    if (plan.action === 'apply' && Object.keys(plan.changes).length)
      rules = Object.fromEntries(explainValues(issue, deps.config.fields, people).map((f) => [f.field, f.rule]));
  }
  if (plan.action === 'skip') return { outcome: plan.reason, changedFields: [], taskId: link.taskId };
  if (plan.gaps.length) {
    // The fields concerned keep their values; the admin finds why in check, /health and the logs.
    await recordGaps(deps.db, plan.gaps, plan.jiraKey, deps.clock.now());
    deps.log.warn('mapping gap: field left unchanged', {
      jiraKey: plan.jiraKey,
      gaps: plan.gaps.map((g) => `${g.field}: ${g.detail}`),
    });
  }

  const changedFields = Object.keys(plan.changes);
  // Held before the write: if the write is retried, holding again changes nothing.
  if (changedFields.length) await holdNotice(deps, link, state.writtenValues, plan.changes, plan.jiraKey, actors);
  if (changedFields.length) {
    // Claim before the side effect: if we die mid-write, the next run checks the task first.
    await markWritePending(deps.db, link.id, plan.changes, deps.clock.now());
    await deps.tracker.tasks.writeFields(link.taskId, plan.changes);
  }
  const recorded = await recordApplied(
    deps.db,
    link.id,
    { ...plan, cause: auditCause(actors, origin, pick(rules, Object.keys(plan.changes))) },
    deps.clock.now(),
  );
  if (recorded) lockReleased();
  if (recorded && changedFields.includes(deps.config.fields.status.field)) await followStatus(deps, link.id, plan);
  const outcome = !recorded
    ? 'superseded'
    : plan.state === 'deleted'
      ? 'marked-deleted'
      : changedFields.length
        ? 'updated'
        : 'unchanged';
  return { outcome, changedFields, taskId: link.taskId };
}

/**
 * An unlinked issue in the mapping's scope whose remote link points at a task of the mapping's
 * tracker project links itself on its first webhook.
 */
async function autoLinkUnlinked(deps: Ctx, readIssue: ReadIssue): Promise<LinkRow | undefined> {
  const issue = await readIssue();
  if (!issue || !(await issueInScope(deps, issue))) return undefined;
  return (await autoLinkIssue(deps, issue)) ?? undefined;
}

/**
 * The link as the engine sees it. A write left pending by a crash may or may not have landed,
 * so those fields are taken from the task itself; fields it cannot read back are rewritten.
 */
async function linkState(deps: Ctx, link: LinkRow): Promise<LinkState> {
  const written = { ...(link.writtenValues as FieldValues) };
  // People were once recorded by e-mail; such a value is rewritten once (by user id), as news to nobody.
  for (const [field, value] of Object.entries(written))
    if (value?.type === 'people' && !Array.isArray(value.users)) delete written[field];
  if (link.pendingValues) {
    const pendingFields = Object.keys(link.pendingValues);
    const actual = await deps.tracker.tasks.readFields(link.taskId, pendingFields);
    for (const field of pendingFields) delete written[field];
    Object.assign(written, actual);
  }
  return { state: link.state, jiraKey: link.jiraKey, issueUpdatedAt: link.issueUpdatedAt, writtenValues: written };
}

/** Why a sync wrote what it wrote, as the audit trail keeps it (the trigger adds it to each field's entry). */
function auditCause(actors: string[], origin: SyncOrigin | undefined, rules: Record<string, string>) {
  const people = [...new Set(actors)];
  return {
    actor: people.length ? `jira:${people.join(', ')}` : 'bridge',
    ...(origin && { ...origin }),
    rules,
  };
}

const pick = (rules: Record<string, string>, fields: string[]) =>
  Object.fromEntries(fields.filter((f) => f in rules).map((f) => [f, rules[f]!]));
