import type { StatusChange, StatusRef } from '../../engine/flow/flow-metrics';
import type { Clock } from '../../platform/clock/clock';
import type { JiraApiClient, JiraCall } from './jira-client';
import { httpStatusOf } from './jira-errors';
import { parseJiraDateTime } from './jira-dates';

/** An issue's status history, as the flow metrics read it. */
export interface StatusHistory {
  key: string;
  summary: string;
  /** The issue's due date (`YYYY-MM-DD`), or null. */
  dueDate: string | null;
  createdAt: number;
  /** The status it was created in. */
  initial: StatusRef;
  changes: StatusChange[];
}

export interface JiraStatusHistory {
  /** From the issue's changelog (`/rest/api/3/issue/{id}/changelog`, paged); null when the issue is gone. */
  statusHistory(issueIdOrKey: string): Promise<StatusHistory | null>;
}

type Category = StatusRef['category'];
const category = (key: string | undefined): Category =>
  key === 'new' || key === 'indeterminate' || key === 'done' ? key : null;

/** Reads status histories; the site's status categories are read once an hour (`/rest/api/3/status`). */
export function createJiraStatusHistory(
  { client, call }: { client: JiraApiClient; call: JiraCall },
  clock: Clock,
): JiraStatusHistory {
  let categories: { at: number; byName: Promise<Map<string, Category>> } | undefined;
  const categoryOf = async (name: string): Promise<Category> => {
    if (!categories || clock.now() - categories.at > 3_600_000) {
      const byName = call('status list', 'read', () =>
        client.workflowStatuses.getStatuses<Array<{ name?: string; statusCategory?: { key?: string } }>>(),
      ).then((list) => new Map(list.map((s) => [(s.name ?? '').toLowerCase(), category(s.statusCategory?.key)])));
      categories = { at: clock.now(), byName };
      byName.catch(() => (categories = undefined));
    }
    return (await categories.byName).get(name.toLowerCase()) ?? null;
  };

  return {
    async statusHistory(issueIdOrKey) {
      type Issue = {
        key?: string;
        fields?: {
          created?: string;
          summary?: string;
          duedate?: string | null;
          status?: { name?: string; statusCategory?: { key?: string } };
        };
      };
      let issue: Issue;
      try {
        issue = await call(`read of ${issueIdOrKey}`, 'read', () =>
          client.issues.getIssue<Issue>({ issueIdOrKey, fields: ['created', 'status', 'summary', 'duedate'] }),
        );
      } catch (err) {
        if (httpStatusOf(err) === 404 || (err instanceof Error && httpStatusOf(err.cause) === 404)) return null;
        throw err;
      }
      type Item = { field?: string; fieldId?: string; fromString?: string | null; toString?: string | null };
      const entries: Array<{ created: string; item: Item }> = [];
      for (let startAt = 0; ; startAt += 100) {
        const page = await call(`changelog of ${issueIdOrKey}`, 'read', () =>
          client.issues.getChangeLogs<{ values?: Array<{ created?: string; items?: Item[] }>; isLast?: boolean }>({
            issueIdOrKey,
            startAt,
            maxResults: 100,
          }),
        );
        for (const value of page.values ?? [])
          for (const item of value.items ?? [])
            if ((item.fieldId ?? item.field) === 'status' && value.created)
              entries.push({ created: value.created, item });
        if (page.isLast !== false || !(page.values ?? []).length) break;
      }
      const ref = async (name: string): Promise<StatusRef> => ({ name, category: await categoryOf(name) });
      const current = issue.fields?.status;
      const first = entries[0]?.item.fromString;
      return {
        key: issue.key ?? issueIdOrKey,
        summary: issue.fields?.summary ?? '',
        dueDate: /^\d{4}-\d{2}-\d{2}$/.test(issue.fields?.duedate ?? '') ? issue.fields!.duedate! : null,
        // Jira always dates an issue; a body without it starts at its first change.
        createdAt: issue.fields?.created
          ? parseJiraDateTime(issue.fields.created)
          : entries[0]
            ? parseJiraDateTime(entries[0].created)
            : clock.now(),
        initial: first
          ? await ref(first)
          : { name: current?.name ?? 'Unknown', category: category(current?.statusCategory?.key) },
        changes: await Promise.all(
          entries.map(async (e) => ({ at: parseJiraDateTime(e.created), to: await ref(e.item.toString ?? 'Unknown') })),
        ),
      };
    },
  };
}
