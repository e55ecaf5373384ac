import { asanaEnvSchema } from '../../src/adapters/tracker/asana/asana-adapter';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseEnv } from '../../src/platform/config/env';
import { parseConfig } from '../../src/runtime/trackers';
import { ConfigError } from '../../src/platform/errors/app-errors';
import { RAW_TEST_CONFIG } from '../support/seed';

function problemsOf(input: unknown): string[] {
  try {
    parseConfig(input, 'test.json');
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected the config to be refused');
}

describe('config validation', () => {
  it.each(readdirSync('config').filter((f) => f.endsWith('.json')))('accepts the shipped config/%s', (file) => {
    expect(() => parseConfig(JSON.parse(readFileSync(`config/${file}`, 'utf8')))).not.toThrow();
  });

  it('fills defaults', () => {
    const config = parseConfig(RAW_TEST_CONFIG);
    expect(config.intake.maxBodyBytes).toBe(1024 * 1024);
    const { sync: _testSync, ...noSync } = RAW_TEST_CONFIG;
    expect(parseConfig(noSync).sync).toEqual({
      maxAttempts: 8,
      leaseSeconds: 120,
      retainDays: 14,
      debounce: { quietMs: 1_000, maxDelayMs: 5_000 },
    });
    // The tests sync at once unless they say otherwise.
    expect(config.sync.debounce).toEqual({ quietMs: 0, maxDelayMs: 5_000 });
    expect(config.fields.storyPoints?.jiraFieldNames).toEqual(['Story Points', 'Story point estimate']);
    expect(config.fields.assignee?.type).toBe('text');
  });

  it('names every offending path at once', () => {
    const bad = {
      ...RAW_TEST_CONFIG,
      scope: { projects: ['abc'] },
      tracker: { kind: 'trello', projectGid: 'x' },
      fields: {
        ...RAW_TEST_CONFIG.fields,
        status: { field: '', byCategory: { new: 'A', done: 'B' } },
        assignee: { field: 'E', type: 'robot' },
        colour: { field: 'C' },
      },
    };
    expect(problemsOf(bad)).toEqual([
      expect.stringMatching(/^scope\.projects\.0: must be a Jira project key/),
      expect.stringMatching(/^tracker\.kind: /),
      expect.stringMatching(/^tracker\.projectGid: must be a numeric gid/),
      expect.stringMatching(/^fields\.status\.field: must not be empty/),
      expect.stringMatching(/^fields\.status\.byCategory\.indeterminate: /),
      expect.stringMatching(/^fields\.assignee\.type: /),
      expect.stringMatching(/^fields: Unrecognized key: "colour"/),
    ]);
  });

  it('reports a missing section', () => {
    expect(problemsOf({ scope: { projects: ['ABC'] } })).toEqual([
      expect.stringMatching(/^tracker: /),
      expect.stringMatching(/^fields: /),
    ]);
  });

  it('puts the source in the message', () => {
    expect(() => parseConfig({}, 'config/x.json')).toThrow(/^Invalid configuration in config\/x\.json:\n {2}- /);
  });
});

describe('mappings', () => {
  const { scope, fields, tracker, ...deployment } = structuredClone(RAW_TEST_CONFIG);
  const mapping = (name: string, projectGid: string) => ({ name, scope, fields, tracker: { projectGid } });

  it('reads a one-mapping config as it is written: the top level is the mapping "default"', () => {
    const config = parseConfig(RAW_TEST_CONFIG);
    expect(config).toMatchObject({ name: 'default', scope, tracker, mappings: [] });
  });

  it('takes mappings alone, the first at the top level; each inherits notifications, never commit', () => {
    const config = parseConfig({
      ...deployment,
      tracker: { kind: 'asana' },
      notifications: { quietWindowMinutes: 7 },
      mappings: [mapping('web', '111'), { ...mapping('mobile', '222'), notifications: { quietWindowMinutes: 2 } }],
    });
    expect(config.name).toBe('web');
    expect(config.tracker).toEqual({ kind: 'asana', projectGid: '111' });
    expect(config.notifications.quietWindowMinutes).toBe(7);
    expect(config.mappings).toHaveLength(1);
    expect(config.mappings[0]).toMatchObject({ name: 'mobile', tracker: { kind: 'asana', projectGid: '222' } });
    expect(config.mappings[0]!.notifications.quietWindowMinutes).toBe(2);
    expect(config.mappings[0]!.commit).toBeUndefined();
  });

  it('reads status updates per mapping (never inherited), and names a bad schedule, zone or rule', () => {
    const config = parseConfig({
      ...deployment,
      tracker: { kind: 'asana' },
      mappings: [
        { ...mapping('web', '111'), statusUpdates: { schedule: '0 9 * * MON', timeZone: 'Europe/Paris' } },
        mapping('mobile', '222'),
      ],
    });
    expect(config.statusUpdates).toMatchObject({
      enabled: true,
      schedule: '0 9 * * MON',
      title: 'Weekly status',
      status: { offTrack: { blockedDays: 10, overdueShare: 0.25 }, atRisk: { blockedDays: 3, overdueShare: 0.1 } },
    });
    expect(config.mappings[0]!.statusUpdates).toBeUndefined();
    // Seconds (six fields) are refused: cron has five.
    expect(problemsOf({ ...RAW_TEST_CONFIG, statusUpdates: { schedule: '0 0 9 * * MON' } })).toEqual([
      'statusUpdates.schedule: must be a cron expression such as "0 9 * * MON"',
    ]);
    expect(
      problemsOf({
        ...RAW_TEST_CONFIG,
        statusUpdates: { schedule: 'every monday', timeZone: 'Mars/Olympus', status: { atRisk: { overdueShare: 2 } } },
      }),
    ).toEqual([
      'statusUpdates.schedule: must be a cron expression such as "0 9 * * MON"',
      'statusUpdates.timeZone: must be an IANA time zone such as "Europe/Berlin"',
      'statusUpdates.status.atRisk.overdueShare: Too big: expected number to be <=1',
    ]);
  });

  it('names every problem of the mappings at once, on the path the user wrote', () => {
    expect(
      problemsOf({
        ...deployment,
        tracker: { kind: 'asana' },
        commit: { enabled: true, targets: { default: { project: 'ABC', issueType: 'Story' } } },
        mappings: [
          mapping('web', '111'),
          { ...mapping('web', 'x'), scope: { jql: 'project = ABC ORDER BY updated' } },
          { ...mapping('Mobile App', '333'), scope: { issueTypes: ['Bug'] } },
          { ...mapping('ios', '444'), tracker: {} },
        ],
      }),
    ).toEqual([
      'mappings.1.scope.jql: must be a filter without ORDER BY',
      'mappings.1.tracker.projectGid: must be a numeric gid',
      expect.stringMatching(/^mappings\.2\.name: must be lower-case letters/),
      'mappings.2.scope: list Jira project keys in `projects`, or give a `jql` filter',
    ]);
    expect(
      problemsOf({
        ...deployment,
        tracker: { kind: 'asana' },
        commit: { enabled: true, targets: { default: { project: 'ABC', issueType: 'Story' } } },
        mappings: [mapping('web', '111'), mapping('web', '222'), { ...mapping('ios', '1'), tracker: {} }],
      }),
    ).toEqual([
      'commit: belongs to a mapping: with no top-level mapping, set it in one of `mappings`',
      'mappings.1.name: "web" names two mappings',
      'mappings.2.tracker.projectGid: required, here or in the top-level `tracker`',
    ]);
    expect(
      problemsOf({ ...RAW_TEST_CONFIG, comments: { toTracker: { public: false }, toJira: { keywords: [] } } }),
    ).toEqual([
      'comments.toTracker: give a rule: `public`, `labels` or `keywords`',
      'comments.toJira: give a rule: `mentionsBridge` or `keywords`',
    ]);
    expect(problemsOf({ ...RAW_TEST_CONFIG, mappings: [mapping('default', '111')] })).toEqual([
      'mappings.0.name: "default" is the top-level mapping\'s name',
    ]);
    expect(problemsOf({ ...RAW_TEST_CONFIG, fields: undefined, mappings: [mapping('web', '1')] })).toEqual([
      expect.stringMatching(/^fields: required: the top-level mapping needs it/),
    ]);
  });
});

describe('environment', () => {
  it('defaults the port and the Asana URL, and treats empty values as unset', () => {
    const env = parseEnv({ JIRA_WEBHOOK_SECRET: '', ALLOW_UNSIGNED_WEBHOOKS: 'true' });
    expect(env).toMatchObject({ PORT: 8787, ALLOW_UNSIGNED_WEBHOOKS: true });
    expect(env.JIRA_WEBHOOK_SECRET).toBeUndefined();
    // The tracker adapter reads its own settings, with the same rules.
    expect(asanaEnvSchema.parse({ ASANA_ACCESS_TOKEN: ' ' })).toEqual({
      ASANA_ACCESS_TOKEN: undefined,
      ASANA_BASE_URL: 'https://app.asana.com/api/1.0',
    });
    expect(asanaEnvSchema.safeParse({ ASANA_BASE_URL: 'not a url' }).success).toBe(false);
  });

  it('refuses a bad URL or port, naming the variable', () => {
    expect(() => parseEnv({ JIRA_BASE_URL: 'not a url', PORT: 'eighty' })).toThrow(
      /PORT: must be a port number\n {2}- JIRA_BASE_URL: must be a URL/,
    );
  });
});
