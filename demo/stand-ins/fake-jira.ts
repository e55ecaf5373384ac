import { Hono } from 'hono';
import { addWorkflowRoutes } from './fake-jira-workflow';
import { addCommentRoutes } from './fake-jira-comments';
import { addChangelogRoutes } from './fake-jira-changelog';
import { jiraTimestamp } from './jira-timestamp';

export { jiraTimestamp };
import { injectFaults, recordRequests, type Fault, type RecordedRequest } from './recorded-request';

/** A Jira issue as the REST API and webhooks carry it (`{id, key, self, fields}`). */
export interface JiraIssueJson {
  id: string;
  key: string;
  self?: string;
  fields: Record<string, unknown>;
}

export interface FakeJiraSeed {
  siteUrl: string;
  email: string;
  apiToken: string;
  /** People of the site (`/rest/api/3/user/search`). */
  users?: Array<{ accountId: string; emailAddress: string; displayName: string }>;
  /** `/rest/api/3/field` entries; defaults declare Sprint and Story Points as a Jira Software site does. */
  fields?: Array<{
    id: string;
    name: string;
    custom: boolean;
    schema?: { type: string; items?: string; system?: string; custom?: string };
  }>;
  issues?: JiraIssueJson[];
}

/** The account the bridge's API token belongs to (`/rest/api/3/myself`). */
export const BRIDGE_ACCOUNT_ID = '5b10a0000000000000bridge';

export const DEFAULT_JIRA_FIELDS = [
  { id: 'summary', name: 'Summary', custom: false, schema: { type: 'string' } },
  { id: 'status', name: 'Status', custom: false, schema: { type: 'status' } },
  {
    id: 'customfield_10020',
    name: 'Sprint',
    custom: true,
    schema: { type: 'array', custom: 'com.pyxis.greenhopper.jira:gh-sprint' },
  },
  {
    id: 'customfield_10016',
    name: 'Story Points',
    custom: true,
    schema: { type: 'number', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:float' },
  },
  { id: 'issuetype', name: 'Issue Type', custom: false, schema: { type: 'issuetype', system: 'issuetype' } },
  { id: 'priority', name: 'Priority', custom: false, schema: { type: 'priority', system: 'priority' } },
  { id: 'reporter', name: 'Reporter', custom: false, schema: { type: 'user', system: 'reporter' } },
  { id: 'project', name: 'Project', custom: false, schema: { type: 'project', system: 'project' } },
  { id: 'labels', name: 'Labels', custom: false, schema: { type: 'array', items: 'string', system: 'labels' } },
  {
    id: 'components',
    name: 'Components',
    custom: false,
    schema: { type: 'array', items: 'component', system: 'components' },
  },
  {
    id: 'customfield_10050',
    name: 'Team',
    custom: true,
    schema: { type: 'option', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:select' },
  },
];

/** The values of `field in ("A", "B")` in a JQL string, or null when absent. */
function listIn(jql: string, field: string): string[] | null {
  const match = new RegExp(`${field} in \\(([^)]*)\\)`, 'i').exec(jql);
  return match ? match[1]!.split(',').map((v) => v.trim().replace(/^"|"$/g, '')) : null;
}

/**
 * A stand-in for the Jira Cloud REST API as far as the bridge reads it (`/rest/api/3/field`,
 * `/rest/api/3/issue/{idOrKey}`), with Basic auth, and a helper that builds the webhook body
 * Jira would send for a change.
 */
export function createFakeJira(seed: FakeJiraSeed) {
  const requests: RecordedRequest[] = [];
  const faults: Fault[] = [];
  const issues = new Map<string, JiraIssueJson>();
  for (const issue of seed.issues ?? []) issues.set(issue.id, structuredClone(issue));
  const expectedAuth = `Basic ${btoa(`${seed.email}:${seed.apiToken}`)}`;
  let now = () => Date.now();
  let nextId = 90000;
  const counters = new Map<string, number>();
  const remoteLinks = new Map<string, Array<{ globalId?: string; object: { url: string; title: string } }>>();

  const app = new Hono();
  const api = new Hono();
  const hooks = new Hono();
  app.use(recordRequests(requests));
  app.use(async (c, next) => {
    if (c.req.header('authorization') !== expectedAuth)
      return c.json({ errorMessages: ['Client must be authenticated to access this resource.'], errors: {} }, 401);
    await next();
  });
  app.use(injectFaults(faults));
  api.get('/field', (c) => c.json(seed.fields ?? DEFAULT_JIRA_FIELDS));
  api.get('/myself', (c) =>
    c.json({ accountId: BRIDGE_ACCOUNT_ID, emailAddress: seed.email, displayName: 'Jira bridge' }),
  );
  api.get('/user/search', (c) => {
    const query = (c.req.query('query') ?? '').toLowerCase();
    return c.json(
      (seed.users ?? []).filter(
        (u) => u.emailAddress.toLowerCase() === query || u.displayName.toLowerCase().includes(query),
      ),
    );
  });
  api.post('/issue', async (c) => {
    const { fields } = (await c.req.json()) as {
      fields: Record<string, unknown> & { project?: { key?: string }; summary?: string };
    };
    const project = fields.project?.key;
    if (!project || !fields.summary)
      return c.json(
        { errorMessages: [], errors: { project: 'project is required', summary: 'summary is required' } },
        400,
      );
    const id = String(nextId++);
    const key = `${project}-${(counters.get(project) ?? 0) + 1}`;
    counters.set(project, (counters.get(project) ?? 0) + 1);
    issues.set(id, {
      id,
      key,
      fields: {
        ...fields,
        status: { name: 'To Do', statusCategory: { key: 'new' } },
        updated: jiraTimestamp(now()),
        labels: fields.labels ?? [],
      },
    });
    return c.json({ id, key, self: `${seed.siteUrl}/rest/api/3/issue/${id}` }, 201);
  });
  api.post('/issue/:idOrKey/remotelink', async (c) => {
    const issue = find(c.req.param('idOrKey'));
    if (!issue)
      return c.json(
        { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} },
        404,
      );
    const link = (await c.req.json()) as { globalId?: string; object: { url: string; title: string } };
    const list = remoteLinks.get(issue.id) ?? [];
    const existing = list.findIndex((l) => link.globalId && l.globalId === link.globalId);
    if (existing >= 0) list[existing] = link;
    else list.push(link);
    remoteLinks.set(issue.id, list);
    return c.json({ id: list.length, self: '' }, existing >= 0 ? 200 : 201);
  });
  api.get('/issue/:idOrKey/remotelink', (c) => {
    const issue = find(c.req.param('idOrKey'));
    if (!issue)
      return c.json(
        { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} },
        404,
      );
    return c.json((remoteLinks.get(issue.id) ?? []).map((l, i) => ({ id: i + 1, ...l })));
  });
  const commentStore = addCommentRoutes(api, find, () => now(), {
    accountId: BRIDGE_ACCOUNT_ID,
    displayName: 'Jira bridge',
  });
  addWorkflowRoutes(api, find, () => now());
  const changelog = addChangelogRoutes(api, find);
  for (const issue of issues.values()) changelog.record(undefined, issue);
  // The enhanced search, for the JQL the bridge writes.
  api.post('/search/jql', async (c) => {
    const body = (await c.req.json()) as {
      jql?: string;
      maxResults?: number;
      nextPageToken?: string;
      fields?: string[];
    };
    const jql = body.jql ?? '';
    // The clauses the bridge writes (its scopes, a mapping's `jql` of labels, its own label, an
    // issue's id), all AND-ed; anything else it does not understand is ignored.
    const label = /labels = "([^"]+)"/.exec(jql)?.[1];
    const id = /\bid = (\d+)/.exec(jql)?.[1];
    const projects = listIn(jql, 'project');
    const types = listIn(jql, 'issuetype');
    const minutes = /updated >= "-(\d+)m"/.exec(jql)?.[1];
    if (!projects && !label && !id)
      return c.json(
        {
          errorMessages: ['Unbounded JQL queries are not allowed here. Please add a search restriction to your query.'],
          errors: {},
        },
        400,
      );
    const since = minutes ? now() - Number(minutes) * 60_000 : -Infinity;
    const matches = [...issues.values()]
      .filter((i) => !id || i.id === id)
      .filter((i) => !label || (Array.isArray(i.fields.labels) && (i.fields.labels as string[]).includes(label)))
      .filter((i) => !projects || projects.includes(String((i.fields.project as { key?: string } | undefined)?.key)))
      .filter((i) => !types || types.includes(String((i.fields.issuetype as { name?: string } | undefined)?.name)))
      .filter((i) => Date.parse(String(i.fields.updated).replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) >= since)
      .sort((a, b) => String(a.fields.updated).localeCompare(String(b.fields.updated)));
    const start = Number(body.nextPageToken ?? 0);
    const end = start + (body.maxResults ?? 50);
    const pick = (i: JiraIssueJson) => ({
      id: i.id,
      key: i.key,
      fields: body.fields ? Object.fromEntries(body.fields.map((f) => [f, i.fields[f] ?? null])) : i.fields,
    });
    return c.json({
      issues: matches.slice(start, end).map(pick),
      ...(end < matches.length ? { nextPageToken: String(end) } : {}),
      isLast: end >= matches.length,
    });
  });
  api.get('/issue/:idOrKey', (c) => {
    const issue = find(c.req.param('idOrKey'));
    if (!issue)
      return c.json(
        { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} },
        404,
      );
    const wanted = c.req.query('fields')?.split(',');
    const fields = wanted ? Object.fromEntries(wanted.map((f) => [f, issue.fields[f] ?? null])) : issue.fields;
    return c.json({ ...issue, fields });
  });

  // Admin webhooks (`/rest/webhooks/1.0/webhook`): the kind registered with a secret.
  const registered: Array<{
    self: string;
    name: string;
    url: string;
    events: string[];
    filters: Record<string, string>;
    secret?: string;
  }> = [];
  hooks.get('/webhook', (c) => c.json(registered.map(({ secret: _s, ...hook }) => hook)));
  hooks.post('/webhook', async (c) => {
    const body = (await c.req.json()) as Omit<(typeof registered)[number], 'self'>;
    const hook = { ...body, self: `${seed.siteUrl}/rest/webhooks/1.0/webhook/${registered.length + 1}` };
    registered.push(hook);
    return c.json(hook, 201);
  });
  hooks.put('/webhook/:id', async (c) => {
    const index = Number(c.req.param('id')) - 1;
    if (!registered[index]) return c.json({ errorMessages: ['Webhook not found'] }, 404);
    registered[index] = { ...registered[index]!, ...((await c.req.json()) as object) };
    return c.json(registered[index]);
  });
  app.route('/rest/api/3', api);
  app.route('/rest/webhooks/1.0', hooks);

  function find(idOrKey: string): JiraIssueJson | undefined {
    return issues.get(idOrKey) ?? [...issues.values()].find((i) => i.key === idOrKey.toUpperCase());
  }

  return {
    app,
    requests,
    faults,
    /** Webhooks registered through the admin REST API. */
    webhooks: () => registered,
    /** Issues created through the API, in order. */
    created: () => [...issues.values()].filter((i) => Number(i.id) >= 90000),
    remoteLinks: (idOrKey: string) => remoteLinks.get(find(idOrKey)?.id ?? '') ?? [],
    /** Someone pastes a web link into the issue. */
    addRemoteLink(idOrKey: string, url: string, title = url) {
      const id = find(idOrKey)?.id;
      if (!id) throw new Error(`no issue ${idOrKey}`);
      remoteLinks.set(id, [...(remoteLinks.get(id) ?? []), { object: { url, title } }]);
    },
    ...commentStore,
    /** The clock `updated >= "-Nm"` is measured against (tests use a test clock). */
    useClock(clock: () => number) {
      now = clock;
    },
    /** Creates or replaces an issue. */
    put(issue: JiraIssueJson) {
      changelog.record(issues.get(issue.id), issue);
      issues.set(issue.id, structuredClone(issue));
    },
    issue(idOrKey: string): JiraIssueJson | undefined {
      return find(idOrKey);
    },
    remove(idOrKey: string) {
      const issue = find(idOrKey);
      if (issue) issues.delete(issue.id);
    },
    /**
     * Changes an issue as an engineer would in Jira and returns the `jira:issue_updated`
     * webhook body Jira would deliver for it.
     */
    change(
      idOrKey: string,
      at: number,
      user: { displayName: string; accountId: string },
      items: Array<{ field: string; fromString: string | null; toString: string | null }>,
      mutate: (fields: Record<string, unknown>) => void,
    ) {
      const issue = find(idOrKey);
      if (!issue) throw new Error(`no issue ${idOrKey}`);
      const before = structuredClone(issue);
      mutate(issue.fields);
      issue.fields.updated = jiraTimestamp(at);
      changelog.record(before, issue);
      return {
        timestamp: at,
        webhookEvent: 'jira:issue_updated',
        issue_event_type_name: 'issue_generic',
        user: { ...user, self: `${seed.siteUrl}/rest/api/2/user?accountId=${user.accountId}` },
        issue: structuredClone(issue),
        changelog: { id: String(at), items: items.map((i) => ({ ...i, fieldtype: 'jira', from: null, to: null })) },
      };
    },
  };
}

export type FakeJira = ReturnType<typeof createFakeJira>;
