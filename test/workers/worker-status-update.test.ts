import { createExecutionContext, createScheduledController, env } from 'cloudflare:test';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import created from '../../../shared/contracts/jira-webhooks/issue_created-mattermost-1.json?raw';
import { PROJECT_GID, TASK_GID } from '../support/seed';
import { createWorkerHarness } from './worker-harness';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe('status updates on Workers', () => {
  it('the Cron trigger stores the due update once, and the queue posts it on the project once', async () => {
    const w = await createWorkerHarness(server);
    const config = JSON.parse(w.bindings.BRIDGE_CONFIG_JSON!);
    // Due every minute: whenever the trigger runs, the minute just past is a period to report.
    w.bindings.BRIDGE_CONFIG_JSON = JSON.stringify({
      ...config,
      statusUpdates: { schedule: '* * * * *', timeZone: 'UTC', title: 'Status' },
    });
    w.fakeJira.put(JSON.parse(created).issue);
    expect((await w.admin('POST', '/links', { jiraKey: 'TES-41', taskGid: TASK_GID })).status).toBe(201);
    const trigger = () => w.worker.scheduled(createScheduledController(), w.bindings, createExecutionContext());

    await trigger();
    await trigger(); // the same minute: the job's key (mapping, period) stores nothing more
    const jobs = await env.DB.prepare("SELECT id FROM jobs WHERE kind = 'status-update'").all();
    expect(jobs.results).toHaveLength(1);
    await w.consume();
    await w.consume();
    const posted = w.fakeAsana.statusUpdates();
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatchObject({ parent: { gid: PROJECT_GID }, status_type: 'on_track' });
    expect(posted[0]!.title).toMatch(/^Status: /);
    expect(posted[0]!.text).toContain('Open: 1, 0 blocked, 0 past their target date.');
    const row = await env.DB.prepare('SELECT status, tracker_id FROM status_updates').first();
    expect(row).toEqual({ status: 'sent', tracker_id: posted[0]!.gid });
  });
});
