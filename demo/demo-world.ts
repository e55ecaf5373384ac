import { createFakeAsana, type FakeAsanaField } from './stand-ins/fake-asana';
import { createFakeJira, jiraTimestamp } from './stand-ins/fake-jira';

/** The demo's Asana project: the fields config/bridge.config.json maps to, as a PM would set them up. */
const options = (prefix: string, names: string[]) =>
  names.map((name, i) => ({ gid: `${prefix}${String(i + 1).padStart(3, '0')}`, name, enabled: true }));

export const DEMO_PROJECT_GID = '1200000000000001';
export const DEMO_TASK_GID = '1300000000000101';

const FIELDS: FakeAsanaField[] = [
  {
    gid: '1100000000000001',
    name: 'Delivery status',
    resource_subtype: 'enum',
    enum_options: options('1110000000000', [
      'Planned',
      'In development',
      'In review',
      'Blocked',
      'Shipped',
      'Cancelled',
    ]),
  },
  { gid: '1100000000000002', name: 'Engineer', resource_subtype: 'text' },
  {
    gid: '1100000000000003',
    name: 'Jira priority',
    resource_subtype: 'enum',
    enum_options: options('1120000000000', ['Highest', 'High', 'Medium', 'Low', 'Lowest']),
  },
  { gid: '1100000000000004', name: 'Release', resource_subtype: 'text' },
  { gid: '1100000000000005', name: 'Sprint', resource_subtype: 'text' },
  { gid: '1100000000000006', name: 'Target date', resource_subtype: 'date' },
  { gid: '1100000000000007', name: 'Story points', resource_subtype: 'number', precision: 0 },
  { gid: '1100000000000008', name: 'Resolution', resource_subtype: 'text' },
  { gid: '1100000000000009', name: 'Jira issue', resource_subtype: 'text' },
  { gid: '1100000000000010', name: 'Requester', resource_subtype: 'people' },
];

export const DEMO_PEOPLE = {
  requester: { gid: '1500000000000201', email: 'rita@example.com', name: 'Rita Requester' },
  stakeholder: { gid: '1500000000000202', email: 'sam@example.com', name: 'Sales lead' },
};

export const DEMO_CREDENTIALS = {
  jiraEmail: 'bridge@example.com',
  jiraToken: 'demo-jira-token',
  asanaToken: 'demo-asana-token',
};

const status = (name: string, key: 'new' | 'indeterminate' | 'done') => ({ name, statusCategory: { key, name: key } });

/** Jira and Asana stand-ins seeded with one feature request and its Jira issue. */
export function createDemoWorld(siteUrl: string, startedAt: number) {
  const jira = createFakeJira({
    siteUrl,
    email: DEMO_CREDENTIALS.jiraEmail,
    apiToken: DEMO_CREDENTIALS.jiraToken,
    issues: [
      {
        id: '10101',
        key: 'ABC-101',
        fields: {
          summary: 'Checkout redesign',
          project: { key: 'ABC', name: 'Alpha Commerce' },
          issuetype: { name: 'Story' },
          status: status('To Do', 'new'),
          priority: { name: 'Medium' },
          assignee: null,
          fixVersions: [],
          customfield_10020: null,
          customfield_10016: 5,
          duedate: '2026-12-18',
          resolution: null,
          updated: jiraTimestamp(startedAt),
        },
      },
    ],
  });
  const asana = createFakeAsana({
    accessToken: DEMO_CREDENTIALS.asanaToken,
    projectGid: DEMO_PROJECT_GID,
    fields: FIELDS,
    tasks: [
      {
        gid: DEMO_TASK_GID,
        name: 'Checkout redesign',
        followers: [DEMO_PEOPLE.stakeholder.gid],
        values: { '1100000000000010': [DEMO_PEOPLE.requester.gid] },
      },
    ],
    users: [DEMO_PEOPLE.requester, DEMO_PEOPLE.stakeholder],
  });
  return { jira, asana, status };
}
