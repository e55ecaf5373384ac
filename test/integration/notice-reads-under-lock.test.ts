import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as LinksRepo from '../../src/adapters/storage/links-repo';
import { links } from '../../src/adapters/storage/schema';
import { type Harness } from '../support/harness';
import { createNoticeHarness } from '../support/notice-harness';
import { useMsw } from '../support/msw';
import { TASK_GID } from '../support/seed';

// A sync of the task can finish (record what it wrote, release the link) between any two
// statements of a notice being sent: on D1 every statement is a round trip, and on Node the
// embedded file answers from its own thread. This runs such a sync at the worst moment: just
// before the notice takes the link's lock.
const beforeLock = vi.hoisted(() => ({ run: undefined as undefined | (() => Promise<void>) }));
vi.mock('../../src/adapters/storage/links-repo', async (importOriginal) => {
  const actual = await importOriginal<typeof LinksRepo>();
  return {
    ...actual,
    lockLinkForSync: async (...args: Parameters<typeof actual.lockLinkForSync>) => {
      const run = beforeLock.run;
      beforeLock.run = undefined;
      await run?.();
      return actual.lockLinkForSync(...args);
    },
  };
});

const server = useMsw();
let h: Harness;
const dana = { displayName: 'Dana Developer', accountId: '5b10a2844c20165700ede21g' };

beforeEach(async () => {
  h = await createNoticeHarness(server);
});
afterEach(async () => {
  expect(h.specViolations).toEqual([]);
  await h.close();
});

describe('a notice sent as a sync of its task finishes', () => {
  it('announces what the sync wrote, read after the lock is taken', async () => {
    const body = h.fakeJira.change('TES-41', h.clock.now(), dana, [], (f) => {
      f.status = { name: 'In Progress', statusCategory: { key: 'indeterminate' } };
    });
    expect((await h.postJira(body)).status).toBe(200);
    await h.drain();
    h.clock.advance(10 * 60_000);
    const [link] = await h.db.select().from(links);
    beforeLock.run = async () => {
      // What a sync of "Done" records as it releases the link.
      const written = {
        ...(link!.writtenValues as Record<string, unknown>),
        'Delivery status': { type: 'enum', option: 'Shipped' },
      };
      await h.db.update(links).set({ writtenValues: written, syncLockedUntil: null }).where(eq(links.id, link!.id));
    };
    expect(await h.sendNotices()).toBe(1);
    expect(beforeLock.run).toBeUndefined();
    expect(h.fakeAsana.comments(TASK_GID).map((c) => c.text.split('\n')[0])).toEqual([
      `@Test User @Sam Stakeholder Checkout redesign moved from Planned to Shipped (TES-41, changed in Jira by Dana Developer)`,
    ]);
  });
});
