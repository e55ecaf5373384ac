import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { completeDeliveries, pruneDone, recordDelivery } from '../../src/adapters/storage/deliveries-repo';
import { deliveries } from '../../src/adapters/storage/schema';
import { createHarness, type Harness } from '../support/harness';
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
    const add = async (key: string) => (await recordDelivery(h.db, { deliveryKey: key, source: 'jira', event: 'jira:issue_updated', issueId: '1', issueKey: 'ABC-1', eventAt: start }, h.clock.now())).id;
    const old = await add('old');
    await completeDeliveries(h.db, [old], 'updated', start);
    const pending = await add('pending');
    h.clock.advance(15 * DAY);
    const recent = await add('recent');
    await completeDeliveries(h.db, [recent], 'updated', h.clock.now());
    await pruneDone(h.db, h.clock.now() - 14 * DAY);
    const left = (await h.db.select().from(deliveries)).map((d) => d.id).sort();
    expect(left).toEqual([pending, recent].sort());
    // The redelivery window has passed for the pruned one: its key may be stored again.
    expect((await recordDelivery(h.db, { deliveryKey: 'old', source: 'jira', event: 'jira:issue_updated', issueId: '1', issueKey: 'ABC-1', eventAt: start }, h.clock.now())).duplicate).toBe(false);
  });
});
