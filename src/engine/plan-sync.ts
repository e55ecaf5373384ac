import type { FieldMappings } from '../platform/config/schema';
import { deletedValues, desiredValues, mappingGaps } from './desired-values';
import { diffValues } from './diff-values';
import type { FieldValues, IssueSnapshot, MappingGap, PeopleLookup } from './types';

/** What the engine knows of a link: enough to decide, nothing to do I/O with. */
export interface LinkState {
  state: 'active' | 'deleted';
  jiraKey: string;
  issueUpdatedAt: number | null;
  writtenValues: FieldValues;
}

export type SyncPlan =
  | { action: 'skip'; reason: 'stale-issue-state' | 'link-deleted' }
  | {
      action: 'apply';
      /** Fields to write to the tracker; empty when nothing changed. */
      changes: FieldValues;
      /** What the tracker holds once `changes` are written. */
      written: FieldValues;
      issueUpdatedAt: number | null;
      jiraKey: string;
      state: 'active' | 'deleted';
      /** Values the mapping could not place (their fields are left unchanged). */
      gaps: MappingGap[];
    };

/**
 * Plans the sync of one issue state onto its link. An issue state older than the newest one
 * already applied is skipped, so duplicates and out-of-order deliveries never move a field back.
 */
export function planIssueSync(
  link: LinkState,
  issue: IssueSnapshot,
  fields: FieldMappings,
  people?: PeopleLookup,
): SyncPlan {
  if (link.state === 'deleted') return { action: 'skip', reason: 'link-deleted' };
  if (link.issueUpdatedAt !== null && issue.updatedAt < link.issueUpdatedAt) {
    return { action: 'skip', reason: 'stale-issue-state' };
  }
  return apply(
    link,
    desiredValues(issue, fields, people),
    issue.updatedAt,
    issue.key,
    'active',
    mappingGaps(issue, fields, people),
  );
}

/** Plans the end of a link whose Jira issue was deleted: the task stays, its status may change. */
export function planDeletion(link: LinkState, fields: FieldMappings): SyncPlan {
  if (link.state === 'deleted') return { action: 'skip', reason: 'link-deleted' };
  return apply(link, deletedValues(fields), link.issueUpdatedAt, link.jiraKey, 'deleted', []);
}

function apply(
  link: LinkState,
  desired: FieldValues,
  issueUpdatedAt: number | null,
  jiraKey: string,
  state: 'active' | 'deleted',
  gaps: MappingGap[],
): SyncPlan {
  const changes = diffValues(desired, link.writtenValues);
  return {
    action: 'apply',
    changes,
    written: { ...link.writtenValues, ...changes },
    issueUpdatedAt,
    jiraKey,
    state,
    gaps,
  };
}
