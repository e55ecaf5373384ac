import { afterEach, describe, expect, it } from 'vitest';
import { FLOW_FIELDS, FLOW_REFRESH } from '../../src/flows/jobs/flow-jobs';
import { enqueueScheduledWork } from '../../src/flows/schedule/scheduled-work';
import { createHarness, type Harness } from '../support/harness';
import { useMsw } from '../support/msw';
import { CREDENTIALS, GID, OTHER_TASK_GID, TASK_GID, testConfig } from '../support/seed';
import { issueState } from '../support/issue-states';

// Flow metrics and the forecast written into tracker fields through the mapping: "Story points"
// (a number field of the seed project) holds the days in the current status, "Target date" the
// date by which the request is 50% likely to ship.
const server = useMsw();
const DAY = 86_400_000;
let h: Harness;

afterEach(async () => {
  expect(h.specViolations).toEqual([]);
  await h.close();
});

async function world() {
  const base = testConfig();
  const { storyPoints: _s, dueDate: _d, ...fields } = base.fields;
  const config = testConfig({
    fields: {
      ...fields,
      flow: { daysInCurrentStatus: { field: 'Story points' }, forecast50: { field: 'Target date' } },
    },
  });
  h = await createHarness(server, { config });
  const now = h.clock.now();
  const put = (key: string, id: string, status: [string, string], daysAgo: number) => {
    h.fakeJira.put(issueState({ id, key, status, createdAt: now - 20 * DAY, updatedAt: now - daysAgo * DAY }));
  };
  put('TES-41', '10041', ['To Do', 'new'], 20);
  put('TES-41', '10041', ['In Progress', 'indeterminate'], 3.5);
  put('TES-42', '10042', ['To Do', 'new'], 20);
  put('TES-42', '10042', ['In Progress', 'indeterminate'], 9);
  put('TES-42', '10042', ['Done', 'done'], 1);
  expect((await h.admin('POST', '', { jiraKey: 'TES-41', taskGid: TASK_GID })).status).toBe(201);
  expect((await h.admin('POST', '', { jiraKey: 'TES-42', taskGid: OTHER_TASK_GID })).status).toBe(201);
}

const flowWrites = () =>
  h
    .taskWrites()
    .filter((w) => GID.storyPoints in (w.custom_fields as object) || GID.targetDate in (w.custom_fields as object));
const refreshToday = async () => {
  await enqueueScheduledWork(h.ctx);
  await h.runJobs(FLOW_REFRESH);
  return h.runJobs(FLOW_FIELDS);
};

describe('flow fields', () => {
  it('writes days in status and the 50% forecast date once a day, only what changed, and audits each write', async () => {
    await world();
    // Two jobs from linking (the first sync set each status), two from the daily refresh.
    expect(await refreshToday()).toBe(4);
    expect(h.fakeAsana.displayValues(TASK_GID)['Story points']).toBe('3.5');
    // One request done in the last 12 weeks, one open ahead of nothing: forecast within the horizon.
    const target = h.fakeAsana.displayValues(TASK_GID)['Target date'];
    expect(target).toMatch(/^20\d\d-\d\d-\d\d$/);
    expect(target! > '2026-11-22').toBe(true);
    // Done: no days in status, no forecast.
    expect(h.fakeAsana.displayValues(OTHER_TASK_GID)['Story points']).toBeNull();
    expect(h.fakeAsana.displayValues(OTHER_TASK_GID)['Target date']).toBeNull();
    const writes = flowWrites().length;

    // The same day again: nothing is due, nothing is written.
    expect(await refreshToday()).toBe(0);
    expect(flowWrites()).toHaveLength(writes);

    // A day later, the days in status move on; the done request's fields stay as they are.
    h.clock.advance(DAY);
    expect(await refreshToday()).toBe(2);
    expect(h.fakeAsana.displayValues(TASK_GID)['Story points']).toBe('4.5');
    expect(flowWrites().filter((w) => w.task === OTHER_TASK_GID)).toHaveLength(1);

    const audit = (await (
      await h.app.request('/admin/audit?jiraKey=TES-41&field=Story%20points', {
        headers: { authorization: `Bearer ${CREDENTIALS.adminToken}` },
      })
    ).json()) as { entries: Array<Record<string, unknown>> };
    expect(audit.entries.map((e) => [e.old, e.new, e.rule, e.actor])).toEqual([
      [null, { type: 'number', value: 3.5 }, 'fields.flow.daysInCurrentStatus', 'bridge'],
      [{ type: 'number', value: 3.5 }, { type: 'number', value: 4.5 }, 'fields.flow.daysInCurrentStatus', 'bridge'],
    ]);
  });

  it('follows a status change at once: the days in status start again from zero', async () => {
    await world();
    await refreshToday();
    const event = h.fakeJira.change(
      'TES-41',
      h.clock.now(),
      { displayName: 'Dev', accountId: 'dev-1' },
      [{ field: 'status', fromString: 'In Progress', toString: 'In Review' }],
      (f) => (f.status = { name: 'In Review', statusCategory: { key: 'indeterminate' } }),
    );
    expect((await h.postJira(event)).status).toBe(200);
    await h.drain();
    expect(await h.runJobs(FLOW_FIELDS)).toBe(1);
    expect(h.fakeAsana.displayValues(TASK_GID)['Story points']).toBe('0');
  });
});
