import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { desiredValues } from '../../src/engine/desired-values';
import { planIssueSync, type LinkState } from '../../src/engine/plan-sync';
import type { FieldValues, IssueSnapshot } from '../../src/engine/types';
import { testConfig } from '../support/seed';

const fields = testConfig().fields;
const statuses = [
  { name: 'To Do', category: 'new' as const },
  { name: 'In Progress', category: 'indeterminate' as const },
  { name: 'In Review', category: 'indeterminate' as const },
  { name: 'Done', category: 'done' as const },
];

/** A history of distinct issue states, each later than the one before. */
const history = fc
  .array(
    fc.record({
      status: fc.constantFrom(...statuses),
      assignee: fc.option(fc.constantFrom('Ada', 'Grace', 'Linus')),
      points: fc.option(fc.integer({ min: 1, max: 13 })),
      gap: fc.integer({ min: 1, max: 60_000 }),
    }),
    { minLength: 1, maxLength: 8 },
  )
  .map((steps) => {
    let at = 1_700_000_000_000;
    return steps.map((s): IssueSnapshot => ({
      id: '1',
      key: 'ABC-1',
      projectKey: 'ABC',
      issueType: 'Story',
      updatedAt: (at += s.gap),
      browseUrl: 'https://x/browse/ABC-1',
      status: s.status,
      assignee: s.assignee ? { accountId: `acc-${s.assignee}`, displayName: s.assignee, email: null } : null,
      priority: 'High',
      fixVersions: [],
      sprints: [],
      dueDate: null,
      storyPoints: s.points,
      resolution: null,
      trackerReference: null,
      custom: {},
    }));
  });

/** Deliveries: every state at least once, some more than once, in any order. */
const deliveries = history.chain((states) =>
  fc
    .tuple(fc.array(fc.integer({ min: 0, max: states.length - 1 }), { maxLength: 10 }), fc.integer())
    .chain(([extra, seed]) =>
      fc
        .shuffledSubarray([...states.map((_, i) => i), ...extra], { minLength: states.length + extra.length })
        .map((order) => ({ states, order, seed })),
    ),
);

describe('ordering (property)', () => {
  it('any order and any duplication of deliveries ends in the newest issue state', () => {
    fc.assert(
      fc.property(deliveries, ({ states, order }) => {
        // Worst case: each delivery's sync sees the issue as it was when that delivery was sent.
        let link: LinkState = { state: 'active', jiraKey: 'ABC-1', issueUpdatedAt: null, writtenValues: {} };
        const tracker: FieldValues = {};
        for (const i of order) {
          const plan = planIssueSync(link, states[i]!, fields);
          if (plan.action !== 'apply') continue;
          Object.assign(tracker, plan.changes);
          link = { ...link, issueUpdatedAt: plan.issueUpdatedAt, writtenValues: plan.written };
        }
        expect(tracker).toEqual(desiredValues(states.at(-1)!, fields));
      }),
      { numRuns: 500 },
    );
  });
});
