import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deliveryRows } from '../support/jobs';
import { parseConfig } from '../../src/runtime/trackers';
import { createHarness, type Harness } from '../support/harness';
import { jiraFixture, jiraFixtureRaw } from '../support/jira-fixtures';
import { useMsw } from '../support/msw';
import { RAW_TEST_CONFIG } from '../support/seed';
import { hubSignature } from '../support/sign';

const server = useMsw();
let h: Harness;

beforeEach(async () => {
  h = await createHarness(server);
});
afterEach(() => h.close());

const stored = async () => deliveryRows(h.db);
const body = jiraFixtureRaw('issue_updated-mattermost-1.json');

describe('authenticity', () => {
  it('accepts a delivery signed with the secret, and stores it before answering', async () => {
    const res = await h.postJira(body);
    expect(res.status).toBe(200);
    expect(await stored()).toHaveLength(1);
    expect(h.notified).toHaveLength(1);
  });

  it('refuses a forged signature with 401 and stores nothing', async () => {
    const res = await h.postJira(body, { 'x-hub-signature': hubSignature('not the secret', body) });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      error: { code: 'unauthorized', message: 'Missing or invalid X-Hub-Signature' },
    });
    expect(await stored()).toEqual([]);
  });

  it('refuses a body changed after signing', async () => {
    const signature = hubSignature("It's a Secret to Everybody", body);
    const res = await h.app.request('/webhooks/jira', {
      method: 'POST',
      body: body.replace('In Progress', 'Done'),
      headers: { 'content-type': 'application/json', 'x-hub-signature': signature },
    });
    expect(res.status).toBe(401);
  });

  it('refuses an empty body with a signature header with 401, not 500, and stores nothing', async () => {
    for (const signature of [hubSignature('wrong', ''), 'sha256=' + '0'.repeat(64), 'garbage']) {
      const res = await h.app.request('/webhooks/jira', {
        method: 'POST',
        body: '',
        headers: { 'content-type': 'application/json', 'x-hub-signature': signature },
      });
      expect(res.status).toBe(401);
      expect((await res.json()).error.code).toBe('unauthorized');
    }
    expect(await stored()).toEqual([]);
  });

  it('refuses a missing signature with 401', async () => {
    const res = await h.app.request('/webhooks/jira', {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(401);
    expect(await stored()).toEqual([]);
  });

  it('refuses every delivery when no secret is set, unless unsigned deliveries are allowed', async () => {
    await h.close();
    h = await createHarness(server, { secret: null });
    const refused = await h.postJira(body);
    expect(refused.status).toBe(503);
    expect((await refused.json()).error.message).toContain('JIRA_WEBHOOK_SECRET');
    // Malformed input is still a 4xx, not a 503.
    expect((await h.postJira('{"webhookEvent":')).status).toBe(400);
    expect((await h.postJira('')).status).toBe(400);
    expect(await stored()).toEqual([]);

    await h.close();
    h = await createHarness(server, { secret: null, allowUnsigned: true });
    expect((await h.postJira(body)).status).toBe(200);
  });
});

describe('bad input is refused whole, with a JSON error naming the problem', () => {
  it('400 for malformed JSON', async () => {
    const res = await h.postJira('{"timestamp": 1,');
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({
      code: 'bad_request',
      message: expect.stringContaining('Malformed JSON'),
    });
    expect(await stored()).toEqual([]);
  });

  it('400 naming the failing path when the body does not fit the schema', async () => {
    const res = await h.postJira({ webhookEvent: 'jira:issue_updated', timestamp: 'yesterday' });
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.code).toBe('invalid_body');
    expect(error.problems).toEqual([expect.stringMatching(/^timestamp: /)]);
  });

  it('400 naming the path inside the issue', async () => {
    const fixture = jiraFixture('issue_updated-mattermost-1.json');
    delete fixture.issue.fields.project;
    fixture.issue.key = 'not a key';
    const res = await h.postJira(fixture);
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^issue\.key: /),
        expect.stringMatching(/^issue\.fields\.project: /),
      ]),
    );
    expect(await stored()).toEqual([]);
  });

  it('413 for a body over the configured limit', async () => {
    await h.close();
    h = await createHarness(server, { config: parseConfig({ ...RAW_TEST_CONFIG, intake: { maxBodyBytes: 1024 } }) });
    const res = await h.postJira(body);
    expect(res.status).toBe(413);
    expect((await res.json()).error).toMatchObject({ code: 'payload_too_large', limitBytes: 1024 });
    expect(await stored()).toEqual([]);
  });

  it('413 under the default limit of 1 MiB', async () => {
    const huge = JSON.stringify({
      ...jiraFixture('issue_updated-mattermost-1.json'),
      padding: 'x'.repeat(1024 * 1024),
    });
    const res = await h.postJira(huge);
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('payload_too_large');
  });

  it('415 for a body that is not JSON', async () => {
    const res = await h.app.request('/webhooks/jira', {
      method: 'POST',
      body: 'a=b',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(415);
    expect((await res.json()).error.code).toBe('unsupported_media_type');
  });
});

describe('deliveries the bridge does not act on', () => {
  it.each(['comment_created-mattermost-1.json', 'comment_created-zulip-1.json', 'comment_updated-mattermost-1.json'])(
    '202 ignored for %s',
    async (name) => {
      const res = await h.postJira(jiraFixtureRaw(name));
      expect(res.status).toBe(202);
      expect(await res.json()).toEqual({
        ignored: expect.stringMatching(/^comment_(created|updated) events are not synced$/),
      });
      expect(await stored()).toEqual([]);
    },
  );

  it('202 for an event it does not act on, whatever the rest of its body looks like', async () => {
    for (const odd of [
      { webhookEvent: 'comment_created', timestamp: 'yesterday', user: 'nobody', comment: 42 },
      { webhookEvent: 'worklog_updated' },
      { webhookEvent: 'sprint_started', timestamp: -1, issue: 'not an issue' },
    ]) {
      const res = await h.postJira(odd);
      expect(res.status, JSON.stringify(odd)).toBe(202);
    }
    // Bodies it would act on are still judged strictly.
    expect((await h.postJira({ webhookEvent: 'jira:issue_updated', timestamp: 1, issue: 'not an issue' })).status).toBe(
      400,
    );
    expect((await h.postJira({ timestamp: 1 })).status).toBe(400);
    expect((await h.postJira([1, 2])).status).toBe(400);
    expect(await stored()).toEqual([]);
  });

  it('202 ignored for an unknown event type', async () => {
    const res = await h.postJira({ timestamp: 1, webhookEvent: 'sprint_started' });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ ignored: 'unsupported event sprint_started' });
  });

  it('202 ignored for an issue outside the configured scope', async () => {
    await h.close();
    h = await createHarness(server, { config: parseConfig({ ...RAW_TEST_CONFIG, scope: { projects: ['ABC'] } }) });
    const res = await h.postJira(body);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ ignored: 'TES-41 (TES, Story) is outside the configured scope' });
    expect(await stored()).toEqual([]);
  });

  it('202 ignored for an issue type outside the scope', async () => {
    await h.close();
    h = await createHarness(server, {
      config: parseConfig({ ...RAW_TEST_CONFIG, scope: { projects: ['TES'], issueTypes: ['Bug'] } }),
    });
    expect((await h.postJira(body)).status).toBe(202);
  });
});

describe('logs', () => {
  it('writes one JSON line per delivery carrying its delivery id, and never the secret', async () => {
    await h.postJira(body, { 'x-atlassian-webhook-identifier': 'delivery-42' });
    const lines = h.logs.filter((l) => l.deliveryId === 'jira:delivery-42');
    expect(lines).toEqual([
      expect.objectContaining({ msg: 'delivery stored', event: 'jira:issue_updated', issueKey: 'TES-41' }),
    ]);
    expect(JSON.stringify(h.logs)).not.toContain('Secret to Everybody');
  });
});
