import fc from 'fast-check';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { jobBacklog } from '../../src/adapters/storage/jobs-admin-repo';
import { JIRA_DELIVERY } from '../../src/flows/jobs/delivery-job';
import { jobHandlers } from '../../src/runtime/job-handlers';
import { runNextJob } from '../../src/work/run-job';
import { useMsw } from '../support/msw';
import { CREDENTIALS, GID } from '../support/seed';
import { STATUSES, storyFamily } from '../support/story-issues';

// Workers running side by side never sync one issue twice at once, never write a state older
// than one already written, and never write a value the task already holds.
const server = useMsw();
const { taskOf, linkedHarness } = storyFamily(60);
const ISSUES = 4;
const NAMES = Object.keys(STATUSES) as Array<keyof typeof STATUSES>;
const DISPLAY: Record<string, string> = {
  'To Do': 'Planned',
  'In Progress': 'In development',
  'In Review': 'In review',
  Done: 'Shipped',
};
const OPTION: Record<string, string> = {
  [GID.planned]: 'Planned',
  [GID.inDevelopment]: 'In development',
  '1110000000000003': 'In review',
  [GID.shipped]: 'Shipped',
};

const schedule = fc.record({
  concurrency: fc.constantFrom(1, 2, 4, 8),
  // Each step changes one issue's status; the delivery may arrive late (after later ones).
  steps: fc.array(
    fc.record({ issue: fc.integer({ min: 1, max: ISSUES }), status: fc.constantFrom(...NAMES), delay: fc.nat(3) }),
    {
      minLength: 1,
      maxLength: 16,
    },
  ),
  drainEvery: fc.integer({ min: 1, max: 6 }),
});

describe('parallel syncs', () => {
  it('keep per-issue order and write each change once, at every concurrency', async () => {
    await fc.assert(
      fc.asyncProperty(schedule, async ({ concurrency, steps, drainEvery }) => {
        const h = await linkedHarness(server, ISSUES);
        try {
          // Asana is slow enough for syncs to overlap; a second write to a task while one is in flight is recorded.
          const inFlight = new Set<string>();
          const overlapping: string[] = [];
          server.use(
            http.put(`${CREDENTIALS.asanaBaseUrl}/tasks/:gid`, async ({ request, params }) => {
              const gid = String(params.gid);
              if (inFlight.has(gid)) overlapping.push(gid);
              inFlight.add(gid);
              await new Promise((resolve) => setTimeout(resolve, 2));
              try {
                return await h.fakeAsana.app.fetch(request);
              } finally {
                inFlight.delete(gid);
              }
            }),
          );
          const drain = () =>
            Promise.all(
              Array.from({ length: concurrency }, async () => {
                while ((await runNextJob(h.ctx, jobHandlers, { kinds: [JIRA_DELIVERY] })).ran);
              }),
            );
          const history = new Map<number, string[]>(Array.from({ length: ISSUES }, (_, i) => [i + 1, ['To Do']]));
          const late: Array<{ due: number; body: object }> = [];
          const draining: Array<Promise<unknown>> = [];
          for (const [i, step] of steps.entries()) {
            h.clock.advance(1_000);
            const body = h.fakeJira.change(
              `ABC-${step.issue}`,
              h.clock.now(),
              { displayName: 'Dev', accountId: 'dev' },
              [],
              (f) => {
                f.status = STATUSES[step.status];
              },
            );
            history.get(step.issue)!.push(step.status);
            late.push({ due: i + step.delay, body });
            for (const ready of late.filter((l) => l.due <= i)) await h.postJira(ready.body);
            late.splice(0, late.length, ...late.filter((l) => l.due > i));
            // Workers start and keep running while later deliveries arrive.
            if (i % drainEvery === 0) draining.push(drain());
          }
          for (const rest of late) await h.postJira(rest.body);
          await Promise.all(draining);
          await drain();

          // Nothing was turned away as busy and left for later: one issue is never claimed twice at once.
          expect(await jobBacklog(h.db, JIRA_DELIVERY)).toMatchObject({ pending: 0, failed: 0 });
          expect(h.logs.filter((l) => l.msg === 'delivery will be retried')).toEqual([]);
          expect(overlapping).toEqual([]);
          for (let n = 1; n <= ISSUES; n++) {
            const states = history.get(n)!;
            expect(h.fakeAsana.displayValues(taskOf(n))['Delivery status']).toBe(DISPLAY[states.at(-1)!]);
            const written = h.taskWrites().filter((w) => w.task === taskOf(n));
            // Order: each written status is one the issue reached no earlier than the one written before it.
            let at = 0;
            for (const write of written) {
              const values = write.custom_fields as Record<string, unknown>;
              const shown = GID.status in values ? OPTION[String(values[GID.status])] : undefined;
              if (!shown) continue;
              const next = states.findIndex((s, k) => k >= at && DISPLAY[s] === shown);
              expect(next, `ABC-${n}: ${shown} written after a newer state`).toBeGreaterThanOrEqual(0);
              at = next;
            }
            // Once: no write only sets what the task already held.
            const held: Record<string, unknown> = {};
            for (const write of written) {
              const values = write.custom_fields as Record<string, unknown>;
              expect(Object.entries(values).every(([k, v]) => JSON.stringify(held[k]) === JSON.stringify(v))).toBe(
                false,
              );
              Object.assign(held, values);
            }
          }
        } finally {
          await h.close();
        }
      }),
      { numRuns: 24, seed: 12 },
    );
  }, 120_000);
});
