import { parseConfig } from '../../src/runtime/trackers';
import type { BridgeConfig } from '../../src/platform/config/schema';
import type { FakeAsanaField } from '../../demo/stand-ins/fake-asana';
import settings from '../fixtures/test-settings.json';

export const PROJECT_GID = '1200000000000001';
export const TASK_GID = '1300000000000001';
export const OTHER_TASK_GID = '1300000000000002';
export const OUTSIDE_TASK_GID = '1300000000000099';

const option = (gid: string, name: string, enabled = true) => ({ gid, name, enabled });

/** The tracker project the tests run against: one field per mapping. */
export const ASANA_FIELDS: FakeAsanaField[] = [
  {
    gid: '1100000000000001',
    name: 'Delivery status',
    resource_subtype: 'enum',
    enum_options: [
      option('1110000000000001', 'Planned'),
      option('1110000000000002', 'In development'),
      option('1110000000000003', 'In review'),
      option('1110000000000004', 'Shipped'),
      option('1110000000000005', 'Cancelled'),
      option('1110000000000006', 'Blocked'),
    ],
  },
  { gid: '1100000000000002', name: 'Engineer', resource_subtype: 'text' },
  {
    gid: '1100000000000003',
    name: 'Jira priority',
    resource_subtype: 'enum',
    enum_options: [
      option('1120000000000001', 'Highest'),
      option('1120000000000002', 'High'),
      option('1120000000000003', 'Medium'),
      option('1120000000000004', 'Low'),
    ],
  },
  { gid: '1100000000000004', name: 'Release', resource_subtype: 'text' },
  { gid: '1100000000000005', name: 'Sprint', resource_subtype: 'text' },
  { gid: '1100000000000006', name: 'Target date', resource_subtype: 'date' },
  { gid: '1100000000000007', name: 'Story points', resource_subtype: 'number', precision: 1 },
  { gid: '1100000000000008', name: 'Resolution', resource_subtype: 'text' },
  { gid: '1100000000000009', name: 'Jira issue', resource_subtype: 'text' },
  { gid: '1100000000000010', name: 'Engineer (person)', resource_subtype: 'people' },
  { gid: '1100000000000011', name: 'Requester', resource_subtype: 'people' },
  {
    gid: '1100000000000012',
    name: 'Stage',
    resource_subtype: 'enum',
    enum_options: [option('1130000000000001', 'Triage'), option('1130000000000002', 'Committed')],
  },
  {
    gid: '1100000000000013',
    name: 'Request type',
    resource_subtype: 'enum',
    enum_options: [option('1140000000000001', 'Feature'), option('1140000000000002', 'Bug')],
  },
  {
    gid: '1100000000000014',
    name: 'Labels',
    resource_subtype: 'multi_enum',
    enum_options: [
      option('1150000000000001', 'test-label'),
      option('1150000000000002', 'customer'),
      option('1150000000000003', 'Other'),
    ],
  },
  {
    gid: '1100000000000015',
    name: 'Team',
    resource_subtype: 'enum',
    enum_options: [option('1160000000000001', 'Payments'), option('1160000000000002', 'Platform')],
  },
];

/** People of the test Asana workspace. */
export const USERS = {
  requester: '1500000000000001',
  stakeholder: '1500000000000002',
  bot: '1500000000000003',
  newcomer: '1500000000000004',
  bridge: '1500000000000099',
} as const;

export const GID = {
  status: '1100000000000001',
  engineer: '1100000000000002',
  priority: '1100000000000003',
  release: '1100000000000004',
  sprint: '1100000000000005',
  targetDate: '1100000000000006',
  storyPoints: '1100000000000007',
  resolution: '1100000000000008',
  jiraIssue: '1100000000000009',
  engineerPerson: '1100000000000010',
  requester: '1100000000000011',
  stage: '1100000000000012',
  triage: '1130000000000001',
  committed: '1130000000000002',
  requestType: '1100000000000013',
  bug: '1140000000000002',
  planned: '1110000000000001',
  inDevelopment: '1110000000000002',
  shipped: '1110000000000004',
  cancelled: '1110000000000005',
  high: '1120000000000002',
  medium: '1120000000000003',
} as const;

/** The mapping the tests run with (shared with vitest.config.ts for the workerd project). */
export const RAW_TEST_CONFIG = settings.config;

export function testConfig(overrides: Partial<BridgeConfig> = {}): BridgeConfig {
  return { ...parseConfig(RAW_TEST_CONFIG), ...overrides };
}

export const CREDENTIALS = settings.credentials;

/** The environment of a bridge talking to the in-process stand-ins (behind msw). */
/** The raw environment that points the bridge at the stand-ins. */
export function standInEnv(): Record<string, string> {
  return {
    JIRA_BASE_URL: CREDENTIALS.jiraBaseUrl,
    JIRA_EMAIL: CREDENTIALS.jiraEmail,
    JIRA_API_TOKEN: CREDENTIALS.jiraApiToken,
    ASANA_ACCESS_TOKEN: CREDENTIALS.asanaToken,
    ASANA_BASE_URL: CREDENTIALS.asanaBaseUrl,
  };
}

/** What linking TES-41 (the real `issue_created` body: To Do, High, unassigned) writes to the task. */
export const TES_41_INITIAL_WRITE = {
  [GID.status]: GID.planned,
  [GID.engineer]: null,
  [GID.priority]: GID.high,
  [GID.release]: null,
  [GID.sprint]: null,
  [GID.targetDate]: null,
  [GID.storyPoints]: null,
  [GID.resolution]: null,
  [GID.jiraIssue]: 'TES-41 https://jira.test/browse/TES-41',
};
