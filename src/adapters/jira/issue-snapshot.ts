import type { IssueSnapshot, StatusCategory } from '../../engine/types';
import type { JiraFieldCatalog } from './field-catalog';
import { jiraFieldValue } from './field-value';
import { parseJiraDateTime } from './jira-dates';
import { parseSprints } from './parse-sprints';

/** The parts of a Jira issue (REST or webhook `issue`) that the bridge reads. */
export interface JiraIssueLike {
  id: string;
  key: string;
  fields?: Record<string, unknown>;
}

const CATEGORIES: readonly StatusCategory[] = ['new', 'indeterminate', 'done'];

/** Pure: normalises a Jira issue into the snapshot the engine maps. */
export function toIssueSnapshot(issue: JiraIssueLike, catalog: JiraFieldCatalog, siteUrl: string): IssueSnapshot {
  const f = issue.fields ?? {};
  const status = obj(f.status);
  const category = str(obj(status?.statusCategory)?.key);
  const assignee = obj(f.assignee);
  const updated = str(f.updated);
  return {
    id: issue.id,
    key: issue.key,
    projectKey: str(obj(f.project)?.key) ?? issue.key.split('-')[0] ?? '',
    issueType: str(obj(f.issuetype)?.name) ?? '',
    updatedAt: updated ? parseJiraDateTime(updated) : 0,
    browseUrl: `${siteUrl.replace(/\/+$/, '')}/browse/${issue.key}`,
    status: {
      name: str(status?.name)?.trim() || null,
      category: CATEGORIES.find((c) => c === category) ?? null,
    },
    assignee: assignee
      ? {
          // Jira Cloud identifies people by accountId; Jira Server by key (or name).
          accountId: str(assignee.accountId) ?? str(assignee.key) ?? str(assignee.name),
          displayName: str(assignee.displayName) ?? str(assignee.name) ?? 'Unknown user',
          email: str(assignee.emailAddress),
        }
      : null,
    priority: str(obj(f.priority)?.name),
    fixVersions: Array.isArray(f.fixVersions) ? f.fixVersions.map((v) => str(obj(v)?.name)).filter(isString) : [],
    sprints: catalog.sprintFieldId ? parseSprints(f[catalog.sprintFieldId]) : [],
    dueDate: str(f.duedate),
    storyPoints: catalog.storyPointsFieldIds.map((id) => num(f[id])).find((v) => v !== null) ?? null,
    resolution: str(obj(f.resolution)?.name),
    trackerReference: catalog.referenceFieldId ? str(f[catalog.referenceFieldId]) : null,
    custom: Object.fromEntries(
      Object.entries(catalog.customFieldIds ?? {}).map(([ref, id]) => [ref, jiraFieldValue(f[id])]),
    ),
    labels: Array.isArray(f.labels) ? f.labels.filter((l): l is string => typeof l === 'string') : [],
  };
}

function obj(v: unknown): Record<string, unknown> | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}
function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}
function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}
function isString(v: string | null): v is string {
  return v !== null;
}
