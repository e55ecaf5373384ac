// `npm run bench`: the figures of status updates. 1,000 linked requests with real Jira histories
// (four to five status changes each, over twelve weeks): their changelog backfill (Jira requests,
// and minutes at the default Jira rate limit, on the test clock), then the time to compose the
// weekly update (flows read from the store, the Monte Carlo forecast of the open ones, the text).
import { insertLink } from '../../src/adapters/storage/links-repo';
import { composeStatusUpdate } from '../../src/engine/report/compose-status-update';
import { forecastMapping } from '../../src/flows/flow/forecast-mapping';
import { composeUpdate } from '../../src/flows/report/compose-update';
import { reportRequests } from '../../src/flows/report/report-requests';
import { statusUpdatesSchema } from '../../src/platform/config/status-updates-schema';
import { testConfig } from '../support/seed';
import { TestClock } from '../support/test-clock';
import { createTestStandIns } from '../support/test-stand-ins';
import { startInProcessWorld } from './in-process-world';
import { issueState } from '../support/issue-states';

const REQUESTS = 1_000;
const DAY = 86_400_000;
const clock = new TestClock(Date.parse('2026-11-30T08:00:00Z'));
const { fakeJira, fakeAsana } = createTestStandIns();
const settings = statusUpdatesSchema.parse({ schedule: '0 9 * * MON', timeZone: 'Europe/Paris' });
// The default Jira limit (600 requests a minute): the backfill's minutes are the clock's.
const config = testConfig({ statusUpdates: settings });
const world = await startInProcessWorld(fakeJira, fakeAsana, config, clock);
const { ctx } = world;

const steps: Array<[string, string]> = [
  ['To Do', 'new'],
  ['In Progress', 'indeterminate'],
  ['Blocked', 'indeterminate'],
  ['In Progress', 'indeterminate'],
  ['In Review', 'indeterminate'],
  ['Done', 'done'],
];
const now = clock.now();
for (let i = 0; i < REQUESTS; i++) {
  const created = now - (84 - (i % 80)) * DAY;
  // Two in five are done; the others stop along the way.
  const last = i % 5 < 2 ? steps.length : 1 + (i % 4);
  for (let s = 0; s < last; s++) {
    fakeJira.put(
      issueState({
        id: String(70_000 + i),
        key: `BIG-${i + 1}`,
        summary: `Request ${i + 1}`,
        status: steps[s]!,
        createdAt: created,
        updatedAt: created + s * ((now - created) / (steps.length + 1)),
        dueDate: i % 7 === 0 ? '2026-11-20' : null,
      }),
    );
  }
  const link = await insertLink(
    world.db,
    { jiraIssueId: String(70_000 + i), jiraKey: `BIG-${i + 1}`, taskId: String(1_300_000_000_600_000 + i) },
    created,
  );
  void link;
}

// The backfill: every request's history read once (two requests each, the status list once).
const jiraBefore = fakeJira.requests.length;
const clockBefore = clock.now();
let started = performance.now();
await forecastMapping(ctx, 'default');
const backfillMs = performance.now() - started;
const jiraRequests = fakeJira.requests.length - jiraBefore;
const rateLimitedMinutes = (clock.now() - clockBefore) / 60_000;

// Composing the weekly update once the flows are current (as every week after the first).
const periods = {
  period: { start: clock.now() - 7 * DAY, end: clock.now() },
  previous: { start: clock.now() - 14 * DAY, end: clock.now() - 7 * DAY },
};
const times: number[] = [];
let update;
for (let run = 0; run < 5; run++) {
  started = performance.now();
  update = await composeUpdate(ctx, settings, periods);
  times.push(performance.now() - started);
}
const requests = await reportRequests(ctx, 'default');
const pure: number[] = [];
for (let run = 0; run < 20; run++) {
  started = performance.now();
  composeStatusUpdate({
    title: 'Weekly status',
    timeZone: settings.timeZone,
    ...periods,
    requests,
    blockedStatuses: ['Blocked'],
    rules: settings.status,
  });
  pure.push(performance.now() - started);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(
  [
    `Status updates, ${REQUESTS} requests:`,
    `  changelog backfill: ${jiraRequests} Jira requests (${(jiraRequests / REQUESTS).toFixed(2)} per request), ` +
      `${rateLimitedMinutes.toFixed(1)} min at the default 600 requests/min, ${(backfillMs / 1000).toFixed(1)} s of work here`,
    `  weekly update composed in ${median(times).toFixed(0)} ms (median of 5: store read, forecast of ` +
      `${requests.filter((r) => r.doneAt === null).length} open requests, text of ${update!.text.length} characters); ` +
      `the text alone in ${median(pure).toFixed(1)} ms`,
    `  reads ${update!.statusType}: ${update!.reasons.join(' ')}`,
  ].join('\n'),
);
await world.close();
