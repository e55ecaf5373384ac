// `npm run bench` (second part): replays 1,000 Jira changes over 100 linked tasks in bursts,
// on a test clock, through the real app, inbox and notice sender (Jira and Asana stand-ins
// behind msw), and counts the stakeholder comments against one comment per change.
import { parseConfig } from '../../src/runtime/trackers';
import { NOTICE } from '../../src/flows/jobs/notice-job';
import { JIRA_DELIVERY } from '../../src/flows/jobs/delivery-job';
import { createFakeAsana } from '../../demo/stand-ins/fake-asana';
import { createFakeJira, jiraTimestamp } from '../../demo/stand-ins/fake-jira';
import { insertLink } from '../../src/adapters/storage/links-repo';
import { ASANA_FIELDS, CREDENTIALS, PROJECT_GID, RAW_TEST_CONFIG } from '../support/seed';
import { TestClock } from '../support/test-clock';
import { startInProcessWorld } from './in-process-world';

const TASKS = 100;
const CHANGES = 1000;
const MIN = 60_000;
const clock = new TestClock();
const start = clock.now();
let seed = 42;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;

const statuses = [
  { name: 'To Do', statusCategory: { key: 'new' } },
  { name: 'In Progress', statusCategory: { key: 'indeterminate' } },
  { name: 'In Review', statusCategory: { key: 'indeterminate' } },
  { name: 'Done', statusCategory: { key: 'done' } },
];
const engineers = ['Ada', 'Grace', 'Linus', 'Barbara'];
const issue = (n: number) => ({
  id: String(30000 + n),
  key: `ABC-${n}`,
  fields: {
    project: { key: 'ABC' },
    issuetype: { name: 'Story' },
    status: statuses[0],
    priority: { name: 'High' },
    assignee: null,
    fixVersions: [],
    updated: jiraTimestamp(start),
  },
});
const jira = createFakeJira({
  siteUrl: CREDENTIALS.jiraBaseUrl,
  email: CREDENTIALS.jiraEmail,
  apiToken: CREDENTIALS.jiraApiToken,
  issues: Array.from({ length: TASKS }, (_, i) => issue(i + 1)),
});
const asana = createFakeAsana({
  accessToken: CREDENTIALS.asanaToken,
  projectGid: PROJECT_GID,
  fields: ASANA_FIELDS,
  tasks: Array.from({ length: TASKS }, (_, i) => ({
    gid: String(1300000000200001 + i),
    name: `Request ${i + 1}`,
    followers: ['1500000000000001'],
  })),
  users: [{ gid: '1500000000000001', email: 'pm@example.com', name: 'PM' }],
});
const world = await startInProcessWorld(jira, asana, parseConfig(RAW_TEST_CONFIG), clock);

// Link every task and give it a first state (not news).
for (let n = 1; n <= TASKS; n++) {
  await insertLink(
    world.db,
    { jiraIssueId: String(30000 + n), jiraKey: `ABC-${n}`, taskId: String(1300000000200000 + n) },
    start,
  );
  await world.deliver(`seed-${n}`, { id: String(30000 + n), key: `ABC-${n}` }, start, 'admin');
}
await world.runDue(JIRA_DELIVERY);

// The stream: per task, bursts of 2-5 changes 10-60 s apart, bursts 20-90 min apart.
const events: Array<{ at: number; n: number }> = [];
for (let n = 1; n <= TASKS; n++) {
  let at = start + Math.floor(random() * 30 * MIN);
  for (let made = 0; made < CHANGES / TASKS;) {
    const burst = Math.min(2 + Math.floor(random() * 4), CHANGES / TASKS - made);
    for (let i = 0; i < burst; i++, made++) {
      events.push({ at, n });
      at += 10_000 + Math.floor(random() * 50_000);
    }
    at += 20 * MIN + Math.floor(random() * 70 * MIN);
  }
}
events.sort((a, b) => a.at - b.at);

let seq = 0;
for (const event of events) {
  clock.advance(event.at - clock.now());
  await world.runDue(NOTICE);
  jira.change(`ABC-${event.n}`, clock.now(), { displayName: 'Dev', accountId: 'x' }, [], (f) => {
    if (random() < 0.5) f.status = statuses[Math.floor(random() * statuses.length)];
    else f.assignee = { displayName: engineers[Math.floor(random() * engineers.length)] };
  });
  await world.deliver(`d-${seq++}`, { id: String(30000 + event.n), key: `ABC-${event.n}` }, clock.now(), 'jira', 'Dev');
  await world.runDue(JIRA_DELIVERY);
}
clock.advance(60 * MIN);
await world.runDue(NOTICE);

const writes = asana.requests.filter((r) => r.method === 'PUT').length - TASKS;
const comments = asana.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/stories')).length;
console.log(
  `\nstakeholder notices: ${CHANGES} Jira changes over ${TASKS} tasks, in bursts (2-5 changes 10-60 s apart, bursts 20-90 min apart)`,
);
console.table({
  'Jira changes replayed': CHANGES,
  'comments, one per Jira change': CHANGES,
  'comments, one per change that altered the task': writes,
  'comments with coalescing (3 min quiet, 10 min cap)': comments,
  'comments per task (mean)': (comments / TASKS).toFixed(1),
  'fewer than one per altering change': `${((1 - comments / writes) * 100).toFixed(0)}%`,
});
world.close();
