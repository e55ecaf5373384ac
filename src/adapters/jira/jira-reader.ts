import type { IssueSnapshot } from '../../engine/types';
import type { Clock } from '../../platform/clock/clock';
import { resolveJiraFields, type JiraFieldCatalog, type JiraFieldDescription } from './field-catalog';
import type { JiraApiClient, JiraCall } from './jira-client';
import { httpStatusOf } from './jira-errors';
import { toIssueSnapshot } from './issue-snapshot';

/** Everything the bridge reads from Jira. */
export interface JiraReader {
  /** The issue's current state, read by id or key (never by search: its index lags); null if gone. */
  getIssue(idOrKey: string): Promise<IssueSnapshot | null>;
  /** Ids of the site-specific fields the mapping needs, found by name. */
  fieldCatalog(): Promise<JiraFieldCatalog>;
  /** Every field of the site (system and custom), as `/rest/api/3/field` lists them. */
  listFields(): Promise<JiraFieldDescription[]>;
  /** The issue's page on the Jira site. */
  issueUrl(key: string): string;
  /**
   * Issues matching a bounded JQL, through the enhanced search (`/rest/api/3/search/jql`,
   * paged by `nextPageToken`). Its index lags: use it to find candidates, then read by id.
   */
  search(jql: string): AsyncIterable<IssueSnapshot>;
  /** Whether the issue matches a JQL filter (a mapping's scope): one search, for that issue only. */
  matchesJql(jql: string, issueId: string): Promise<boolean>;
  /** The issue's remote links (web links to other systems, e.g. a tracker task). */
  remoteLinks(issueIdOrKey: string): Promise<Array<{ url: string; globalId: string | null }>>;
}

export interface JiraReaderOptions {
  baseUrl: string;
  storyPointsNames: readonly string[];
  /** A Jira field (by name) that may name the tracker task. */
  referenceFieldName?: string | undefined;
  /** The Jira fields `fields.custom` reads, by id or by name. */
  customFields?: readonly string[];
  clock: Clock;
  /** How long the field catalogue is trusted before it is read again. */
  catalogTtlMs?: number;
}

const BASE_FIELDS = [
  'summary',
  'status',
  'assignee',
  'priority',
  'fixVersions',
  'duedate',
  'resolution',
  'issuetype',
  'project',
  'updated',
  'labels',
];

const fieldsToRead = (catalog: JiraFieldCatalog) =>
  [
    ...new Set([
      ...BASE_FIELDS,
      catalog.sprintFieldId,
      ...catalog.storyPointsFieldIds,
      catalog.referenceFieldId,
      ...Object.values(catalog.customFieldIds ?? {}),
    ]),
  ].filter((f): f is string => !!f);

export function createJiraReader(
  { client, call: jiraCall }: { client: JiraApiClient; call: JiraCall },
  options: JiraReaderOptions,
): JiraReader {
  const ttl = options.catalogTtlMs ?? 60 * 60 * 1000;
  let cached: { at: number; catalog: Promise<JiraFieldCatalog> } | undefined;
  const call = <T>(action: string, fn: () => Promise<T>) => jiraCall(action, 'read', fn);

  async function fieldCatalog(): Promise<JiraFieldCatalog> {
    const now = options.clock.now();
    if (!cached || now - cached.at > ttl) {
      const catalog = call('field list', () => client.issueFields.getFields<JiraFieldDescription[]>()).then((fields) =>
        resolveJiraFields(fields, options.storyPointsNames, options.referenceFieldName, options.customFields),
      );
      cached = { at: now, catalog };
      catalog.catch(() => (cached = undefined));
    }
    return cached.catalog;
  }

  const listFields = () => call('field list', () => client.issueFields.getFields<JiraFieldDescription[]>());

  async function getIssue(idOrKey: string): Promise<IssueSnapshot | null> {
    const catalog = await fieldCatalog();
    const fields = fieldsToRead(catalog);
    try {
      const issue = await call(`read of ${idOrKey}`, () =>
        client.issues.getIssue<{ id: string; key: string; fields: Record<string, unknown> }>({
          issueIdOrKey: idOrKey,
          fields,
        }),
      );
      return toIssueSnapshot(issue, catalog, options.baseUrl);
    } catch (err) {
      if (httpStatusOf(err) === 404 || (err instanceof Error && httpStatusOf(err.cause) === 404)) return null;
      throw err;
    }
  }

  async function* search(jql: string): AsyncIterable<IssueSnapshot> {
    const catalog = await fieldCatalog();
    const fields = fieldsToRead(catalog);
    let nextPageToken: string | undefined;
    do {
      const page: {
        issues?: Array<{ id?: string; key?: string; fields?: Record<string, unknown> }>;
        nextPageToken?: string;
      } = await call('search', () =>
        client.issueSearch.searchForIssuesUsingJqlEnhancedSearchPost({
          jql,
          fields,
          maxResults: 100,
          ...(nextPageToken && { nextPageToken }),
        }),
      );
      for (const issue of page.issues ?? []) {
        if (issue.id && issue.key)
          yield toIssueSnapshot({ id: issue.id, key: issue.key, fields: issue.fields ?? {} }, catalog, options.baseUrl);
      }
      nextPageToken = page.nextPageToken;
    } while (nextPageToken);
  }

  async function matchesJql(jql: string, issueId: string): Promise<boolean> {
    const page: { issues?: unknown[] } = await call(`scope check of ${issueId}`, () =>
      client.issueSearch.searchForIssuesUsingJqlEnhancedSearchPost({
        jql: `(${jql}) AND id = ${Number(issueId)}`,
        fields: ['id'],
        maxResults: 1,
      }),
    );
    return (page.issues?.length ?? 0) > 0;
  }

  const issueUrl = (key: string) => `${options.baseUrl.replace(/\/+$/, '')}/browse/${key}`;
  async function remoteLinks(issueIdOrKey: string) {
    const links = await call(`remote links of ${issueIdOrKey}`, () =>
      client.issueRemoteLinks.getRemoteIssueLinks<Array<{ globalId?: string; object?: { url?: string } }>>({
        issueIdOrKey,
      }),
    );
    return links.filter((l) => l.object?.url).map((l) => ({ url: l.object!.url!, globalId: l.globalId ?? null }));
  }

  return { getIssue, fieldCatalog, listFields, issueUrl, search, matchesJql, remoteLinks };
}
