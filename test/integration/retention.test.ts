import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { completeJobs, failJobs, insertJobs } from '../../src/adapters/storage/jobs-repo';
import { pruneDoneJobs } from '../../src/adapters/storage/jobs-admin-repo';
import { deliveryJob } from '../../src/flows/jobs/delivery-job';
import { createHarness, type Harness } from '../support/harness';
import { deliveryRows } from '../support/jobs';
import { useMsw } from '../support/msw';

const server = useMsw();
let h: Harness;
beforeEach(async () => {
  h = await createHarness(server);
});
afterEach(() => h.close());

const DAY = 86_400_000;

describe('retention', () => {
  it('prunes finished deliveries older than the window, keeps recent ones and every unfinished or failed one', async () => {
    const start = h.clock.now();
    const add = async (key: string) => {
      const job = deliveryJob(key, {
        source: 'jira',
        event: 'jira:issue_updated',
        issueId: '1',
        issueKey: 'ABC-1',
        eventAt: start,
        actor: null,
        actorId: null,
      });
      return (await insertJobs(h.db, [job], h.clock.now(), h.clock.now()))[0]!;
    };
    const old = (await add('old')).id;
    await completeJobs(h.db, [old], 'updated', start);
    const pending = (await add('pending')).id;
    const failed = (await add('failed')).id;
    await failJobs(h.db, [failed], 'HTTP 400', start); // a dead letter, older than the window
    h.clock.advance(15 * DAY);
    const recent = (await add('recent')).id;
    await completeJobs(h.db, [recent], 'updated', h.clock.now());
    await pruneDoneJobs(h.db, h.clock.now() - 14 * DAY);
    const left = (await deliveryRows(h.db)).map((d) => [d.id, d.status]);
    expect(left).toEqual([
      [pending, 'pending'],
      [failed, 'failed'],
      [recent, 'done'],
    ]);
    // The redelivery window has passed for the pruned one: its key may be stored again.
    expect((await add('old')).scheduled).toBe(true);
    expect((await add('recent')).scheduled).toBe(false);
  });
});
