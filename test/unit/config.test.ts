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
