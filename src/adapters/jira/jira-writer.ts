import type { Document } from 'jira.js/version3/models';
import type { JiraApiClient, JiraCall } from './jira-client';

export interface NewJiraIssue {
  project: string;
  issueType: string;
  summary: string;
  /** The description: a sentence with a link back to the request. */
  description: { text: string; linkText: string; url: string };
  labels: string[];
  components: string[];
  reporterAccountId?: string | null;
}

/** The few writes the bridge makes in Jira, when a PM commits a request. */
export interface JiraWriter {
  /** Not idempotent: retried only when Jira refused it (429). */
  createIssue(issue: NewJiraIssue): Promise<{ id: string; key: string }>;
  /** An issue carrying `label`, through search: proof that an earlier create landed. */
  findIssueByLabel(label: string): Promise<{ id: string; key: string } | null>;
  /** Idempotent by `globalId`: a second call updates the same link. */
  addRemoteLink(issueKey: string, link: { globalId: string; url: string; title: string }): Promise<void>;
  findAccountIdByEmail(email: string): Promise<string | null>;
  comment(issueKey: string, text: string): Promise<void>;
  /**
   * Moves a done issue back into work through the first transition to a to-do status (else an
   * in-progress one); false when the workflow offers none.
   */
  reopen(issueKey: string): Promise<boolean>;
  /** The account the bridge acts as, to recognise its own changes. */
  myAccountId(): Promise<string>;
  /**
   * Registers (or updates, matched by name or URL) an admin webhook with a secret through
   * `/rest/webhooks/1.0/webhook`, so a rerun never duplicates it.
   */
  registerWebhook(hook: JiraWebhookRegistration): Promise<{ status: 'created' | 'updated'; self: string }>;
}

export interface JiraWebhookRegistration {
  name: string;
  url: string;
  events: string[];
  jql: string;
  secret: string;
}

interface RegisteredJiraWebhook {
  self: string;
  name?: string;
  url?: string;
}

type AdfNode = Omit<Document, 'version'>;

/** A one-paragraph Atlassian Document (descriptions and comments are ADF in REST v3). */
const paragraph = (...content: AdfNode[]): Document => ({
  type: 'doc',
  version: 1,
  content: [{ type: 'paragraph', content }],
});

export function createJiraWriter({ client, call }: { client: JiraApiClient; call: JiraCall }): JiraWriter {
  let me: Promise<string> | undefined;
  return {
    async createIssue(issue) {
      const created = await call(
        `creation of an issue in ${issue.project}`,
        'write',
        () =>
          client.issues.createIssue<{ id: string; key: string }>({
            fields: {
              project: { key: issue.project },
              issuetype: { name: issue.issueType },
              summary: issue.summary.slice(0, 255),
              description: paragraph(
                { type: 'text', text: `${issue.description.text} ` },
                {
                  type: 'text',
                  text: issue.description.linkText,
                  marks: [{ type: 'link', attrs: { href: issue.description.url } }],
                },
              ),
              labels: issue.labels,
              ...(issue.components.length && { components: issue.components.map((name) => ({ name })) }),
              ...(issue.reporterAccountId && { reporter: { accountId: issue.reporterAccountId } }),
            },
          }),
        'only-if-rejected',
      );
      return { id: String(created.id), key: created.key };
    },
    async findIssueByLabel(label) {
      const page = await call('search by label', 'read', () =>
        client.issueSearch.searchForIssuesUsingJqlEnhancedSearchPost<{ issues?: Array<{ id?: string; key?: string }> }>(
          { jql: `labels = "${label}"`, fields: ['summary'], maxResults: 1 },
        ),
      );
      const found = page.issues?.[0];
      return found?.id && found.key ? { id: found.id, key: found.key } : null;
    },
    async addRemoteLink(issueKey, link) {
      await call(`remote link on ${issueKey}`, 'write', () =>
        client.issueRemoteLinks.createOrUpdateRemoteIssueLink({
          issueIdOrKey: issueKey,
          globalId: link.globalId,
          object: { url: link.url, title: link.title },
        }),
      );
    },
    async findAccountIdByEmail(email) {
      const users = await call('user search', 'read', () =>
        client.userSearch.findUsers<Array<{ accountId?: string; emailAddress?: string }>>({ query: email }),
      );
      return (
        users.find((u) => u.emailAddress?.toLowerCase() === email.toLowerCase())?.accountId ??
        users[0]?.accountId ??
        null
      );
    },
    async comment(issueKey, text) {
      await call(
        `comment on ${issueKey}`,
        'write',
        () => client.issueComments.addComment({ issueIdOrKey: issueKey, comment: paragraph({ type: 'text', text }) }),
        'only-if-rejected',
      );
    },
    async reopen(issueKey) {
      type Transition = { id?: string; to?: { statusCategory?: { key?: string } } };
      const { transitions = [] } = await call(`transitions of ${issueKey}`, 'read', () =>
        client.issues.getTransitions<{ transitions?: Transition[] }>({ issueIdOrKey: issueKey }),
      );
      const to = (category: string) => transitions.find((t) => t.id && t.to?.statusCategory?.key === category);
      const step = to('new') ?? to('indeterminate');
      if (!step?.id) return false;
      // Moving to a status it is already in is refused, not repeated: safe to retry.
      await call(`reopening of ${issueKey}`, 'write', () =>
        client.issues.doTransition({ issueIdOrKey: issueKey, transition: { id: step.id! } }),
      );
      return true;
    },
    async registerWebhook(hook) {
      // jira.js has no method for the admin webhook API; its client still signs and sends the request.
      const existing = await call('webhook list', 'read', () =>
        client
          .sendRequestFullResponse<RegisteredJiraWebhook[]>({ url: '/rest/webhooks/1.0/webhook', method: 'GET' })
          .then((r) => r.data),
      );
      const same = existing.find((w) => w.name === hook.name || w.url === hook.url);
      const data = {
        name: hook.name,
        url: hook.url,
        events: hook.events,
        filters: { 'issue-related-events-section': hook.jql },
        excludeBody: false,
        secret: hook.secret,
      };
      if (same) {
        const id = same.self.split('/').pop();
        await call('webhook update', 'write', () =>
          client.sendRequestFullResponse({ url: `/rest/webhooks/1.0/webhook/${id}`, method: 'PUT', data }),
        );
        return { status: 'updated', self: same.self };
      }
      const created = await call(
        'webhook creation',
        'write',
        () =>
          client
            .sendRequestFullResponse<RegisteredJiraWebhook>({ url: '/rest/webhooks/1.0/webhook', method: 'POST', data })
            .then((r) => r.data),
        'only-if-rejected',
      );
      return { status: 'created', self: created.self };
    },
    myAccountId() {
      me ??= call('read of the bridge user', 'read', () => client.myself.getCurrentUser<{ accountId: string }>()).then(
        (u) => u.accountId,
      );
      me.catch(() => (me = undefined));
      return me;
    },
  };
}
