import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backfill } from '../../src/flows/backfill/backfill';
import { jiraTimestamp, type JiraIssueJson } from '../../demo/stand-ins/fake-jira';
import { insertLink } from '../../src/adapters/storage/links-repo';
import { readState } from '../../src/adapters/storage/sync-state-repo';
import { createHarness, type Harness } from '../support/harness';
import { useMsw } from '../support/msw';

const server = useMsw();
let h: Harness;
const taskOf = (n: number) => String(1300000000500000 + n);
const issue = (n: number, at: number, status = 'In Progress'): JiraIssueJson => ({
  id: String(60000 + n),
  key: `ABC-${n}`,
  fields: {
    project: { key: 'ABC' },
    issuetype: { name: 'Story' },
    status: { name: status, statusCategory: { key: 'indeterminate' } },
    priority: { name: 'High' },
    assignee: null,
    fixVersions: [],
    updated: jiraTimestamp(at),
  },
});

beforeEach(async () => {
  h = await createHarness(server, { extraTasks: [1, 2, 3].map((n) => ({ gid: taskOf(n), name: `Request ${n}` })) });
  // Links made before the bridge ran (first install): never synced.
  for (const n of [1, 2, 3]) {
    h.fakeJira.put(issue(n, h.clock.now()));
    await insertLink(h.db, { jiraIssueId: String(60000 + n), jiraKey: `ABC-${n}`, taskId: taskOf(n) }, h.clock.now());
  }
});
afterEach(async () => {
  expect(h.specViolations).toEqual([]);
  await h.close();
});

describe('backfill', () => {
  it('previews with --dry-run without writing, then syncs every link once', async () => {
    const preview = await backfill(h.ctx, { dryRun: true });
    expect(preview.outcomes).toEqual({ 'would-update': 3 });
    expect(h.taskWrites()).toEqual([]);
    const steps: string[] = [];
    const summary = await backfill(h.ctx, {
      onProgress: (s) => steps.push(`${s.done}/${s.total} ${s.jiraKey} ${s.outcome}`),
    });
    expect(summary).toMatchObject({ total: 3, outcomes: { updated: 3 }, failed: [] });
    expect(steps).toEqual(['1/3 ABC-1 updated', '2/3 ABC-2 updated', '3/3 ABC-3 updated']);
    expect(h.taskWrites()).toHaveLength(3);
    expect((await backfill(h.ctx)).outcomes).toEqual({ unchanged: 3 }); // a second run writes nothing
    expect(h.taskWrites()).toHaveLength(3);
  });

  it('resumes an interrupted run after the last finished link', async () => {
    // The run dies while syncing ABC-2 (here: the process stops at the progress callback).
    await expect(
      backfill(h.ctx, {
        onProgress: (s) => {
          if (s.jiraKey === 'ABC-2') throw new Error('killed');
        },
      }),
    ).rejects.toThrow('killed');
    expect(await readState(h.db, 'backfill.cursor')).toBe('2'); // ABC-2 was synced, then the run died
    const resumed = await backfill(h.ctx);
    expect(resumed).toMatchObject({ skippedAsDone: 2, outcomes: { updated: 1 } });
    expect(h.taskWrites().map((w) => w.task)).toEqual([taskOf(1), taskOf(2), taskOf(3)]);
  });

  it('--force rewrites fields the bridge believes current (after manual edits in Asana)', async () => {
    await backfill(h.ctx);
    const summary = await backfill(h.ctx, { force: true });
    expect(summary.outcomes).toEqual({ updated: 3 });
    expect(h.taskWrites()).toHaveLength(6);
  });
});
