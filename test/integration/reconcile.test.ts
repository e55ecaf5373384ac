import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reconcile } from '../../src/flows/reconcile/reconcile';
import { reconcileJql } from '../../src/flows/reconcile/reconcile-jql';
import { readState } from '../../src/adapters/storage/sync-state-repo';
import type { Harness } from '../support/harness';
import { STATUSES, storyFamily } from '../support/story-issues';
import { useMsw } from '../support/msw';

const server = useMsw();
const { taskOf, linkedHarness } = storyFamily(40);
let h: Harness;
const ISSUES = 20;
const MIN = 60_000;
const statuses = Object.values(STATUSES);

beforeEach(async () => {
  h = await linkedHarness(server, ISSUES);
});
afterEach(async () => {
  expect(h.specViolations).toEqual([]);
  await h.close();
});

describe('reconciliation', () => {
  it('repairs the 10% of deliveries that were dropped, in one cycle', async () => {
    let delivered = 0;
    let dropped = 0;
    for (let change = 0; change < 100; change++) {
      h.clock.advance(5_000);
      const n = (change % ISSUES) + 1;
      const body = h.fakeJira.change(`ABC-${n}`, h.clock.now(), { displayName: 'Dev', accountId: 'x' }, [], (f) => {
        f.status = statuses[(change * 7) % statuses.length];
        f.assignee = { displayName: `Engineer ${change % 3}` };
      });
      if (change % 10 === 9) {
        dropped++; // Jira never got this one through
        continue;
      }
      await h.postJira(body);
      delivered++;
    }
    await h.drain();
    const display = (n: number) => h.fakeAsana.displayValues(taskOf(n));
    const expected = (n: number) => {
      const fields = h.fakeJira.issue(`ABC-${n}`)!.fields as {
        status: { name: string };
        assignee: { displayName: string };
      };
      const status = { 'To Do': 'Planned', 'In Progress': 'In development', 'In Review': 'In review', Done: 'Shipped' }[
        fields.status.name
      ];
      return { 'Delivery status': status, Engineer: fields.assignee.displayName };
    };
    const matches = (n: number) =>
      display(n)['Delivery status'] === expected(n)['Delivery status'] && display(n).Engineer === expected(n).Engineer;
    const stale = Array.from({ length: ISSUES }, (_, i) => i + 1).filter((n) => !matches(n));
    expect(delivered).toBe(90);
    expect(dropped).toBe(10);
    expect(stale).toEqual([10, 20]); // their last changes were the dropped ones

    h.clock.advance(10 * MIN);
    const report = await reconcile(h.ctx);
    await h.drain();
    expect(report).toMatchObject({ scanned: ISSUES, drifted: stale.length, enqueued: stale.length });
    for (let n = 1; n <= ISSUES; n++) expect(display(n)).toMatchObject(expected(n));

    // The next cycle finds nothing to do, and moves the watermark.
    h.clock.advance(10 * MIN);
    expect(await reconcile(h.ctx)).toMatchObject({ drifted: 0, enqueued: 0 });
    expect(Number(await readState(h.db, 'reconcile.watermark'))).toBe(h.clock.now());
  });

  it('asks Jira with a bounded JQL through the enhanced search, paging with nextPageToken', async () => {
    await reconcile(h.ctx);
    const searches = h.fakeJira.requests.filter((r) => r.path === '/rest/api/3/search/jql');
    expect(searches).toHaveLength(1); // 20 issues fit one page of 100
    expect(searches[0]?.body).toMatchObject({
      jql: 'project in ("TES", "KT", "IDT", "ABC") AND updated >= "-1445m" ORDER BY updated ASC',
      maxResults: 100,
    });
    expect(reconcileJql({ projects: ['ABC'], issueTypes: ['Story', 'Bug'] }, 90_001)).toBe(
      'project in ("ABC") AND issuetype in ("Story", "Bug") AND updated >= "-2m" ORDER BY updated ASC',
    );
  });
});
