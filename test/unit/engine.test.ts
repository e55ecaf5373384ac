import { describe, expect, it } from 'vitest';
import { desiredValues, mappingGaps, statusOption } from '../../src/engine/desired-values';
import { diffValues } from '../../src/engine/diff-values';
import { expectedFields } from '../../src/engine/expected-fields';
import { pickSprint } from '../../src/engine/pick-sprint';
import { planDeletion, planIssueSync, type LinkState } from '../../src/engine/plan-sync';
import { isInScope } from '../../src/engine/scope';
import type { IssueSnapshot } from '../../src/engine/types';
import { RAW_TEST_CONFIG, testConfig } from '../support/seed';
import { parseConfig } from '../../src/runtime/trackers';

const fields = testConfig().fields;

const issue = (over: Partial<IssueSnapshot> = {}): IssueSnapshot => ({
  id: '10040',
  key: 'ABC-1',
  projectKey: 'ABC',
  issueType: 'Story',
  updatedAt: 1_000,
  browseUrl: 'https://site.atlassian.net/browse/ABC-1',
  status: { name: 'In Progress', category: 'indeterminate' },
  assignee: { accountId: 'acc-ada', displayName: 'Ada Lovelace', email: 'ada@example.com' },
  priority: 'High',
  fixVersions: ['1.0', '1.1'],
  sprints: [{ name: 'Sprint 7', state: 'active', startDate: '2026-11-10', endDate: '2026-11-24' }],
  dueDate: '2026-12-01',
  storyPoints: 5,
  resolution: null,
  trackerReference: null,
  custom: {},
  ...over,
});

const link = (over: Partial<LinkState> = {}): LinkState => ({
  state: 'active',
  jiraKey: 'ABC-1',
  issueUpdatedAt: null,
  writtenValues: {},
  ...over,
});

describe('desiredValues', () => {
  it('maps every configured field from the issue', () => {
    expect(desiredValues(issue(), fields)).toEqual({
      'Delivery status': { type: 'enum', option: 'In development' },
      Engineer: { type: 'text', text: 'Ada Lovelace' },
      'Jira priority': { type: 'enum', option: 'High' },
      Release: { type: 'text', text: '1.0, 1.1' },
      Sprint: { type: 'text', text: 'Sprint 7' },
      'Target date': { type: 'date', date: '2026-12-01' },
      'Story points': { type: 'number', value: 5 },
      Resolution: null,
      'Jira issue': { type: 'text', text: 'ABC-1 https://site.atlassian.net/browse/ABC-1' },
    });
  });

  it('clears fields whose Jira value is empty', () => {
    const values = desiredValues(
      issue({ assignee: null, priority: null, fixVersions: [], sprints: [], dueDate: null, storyPoints: null }),
      fields,
    );
    expect(values).toMatchObject({
      Engineer: null,
      'Jira priority': null,
      Release: null,
      Sprint: null,
      'Target date': null,
      'Story points': null,
    });
  });

  it('writes people as the tracker user the lookup found, and leaves the field (reporting why) when there is none', () => {
    const mapping = { ...fields, assignee: { ...fields.assignee!, field: 'Engineer', type: 'people' as const } };
    const people = new Map([
      ['acc-ada', { id: '77', name: 'Ada Lovelace' }],
      ['acc-hidden', { unmapped: 'Jira hides their e-mail address' }],
    ]);
    expect(desiredValues(issue(), mapping, people).Engineer).toEqual({
      type: 'people',
      users: [{ id: '77', name: 'Ada Lovelace' }],
    });
    expect(mappingGaps(issue(), mapping, people)).toEqual([]);
    const hidden = issue({ assignee: { accountId: 'acc-hidden', displayName: 'Hidden', email: null } });
    expect('Engineer' in desiredValues(hidden, mapping, people)).toBe(false);
    expect(mappingGaps(hidden, mapping, people)).toEqual([
      {
        kind: 'unmapped-user',
        subject: 'acc-hidden',
        detail: 'Hidden: Jira hides their e-mail address',
        field: 'Engineer',
      },
    ]);
    expect(desiredValues(issue({ assignee: null }), mapping, people).Engineer).toBeNull();
  });

  it('maps the built-in fields as entries: any type, a map, and the unmapped rule', () => {
    const { fields: mapping } = parseConfig({
      ...RAW_TEST_CONFIG,
      fields: {
        ...RAW_TEST_CONFIG.fields,
        fixVersions: { field: 'Release', type: 'multi_enum', map: { '1.0': 'v1' } },
        priority: { field: 'Jira priority', map: { Highest: 'P0' }, unmapped: 'report' },
        assignee: {
          field: 'Engineer',
          type: 'enum',
          unmapped: 'default',
          default: 'Someone else',
          map: { 'Ada Lovelace': 'Ada' },
        },
        storyPoints: { field: 'Story points', type: 'text' },
      },
    });
    const values = desiredValues(issue({ fixVersions: ['1.0', '2.0', '1.0'] }), mapping);
    expect(values.Release).toEqual({ type: 'multi_enum', options: ['v1', '2.0'] });
    expect(values.Engineer).toEqual({ type: 'enum', option: 'Ada' });
    expect(values['Story points']).toEqual({ type: 'text', text: '5' });
    expect('Jira priority' in values).toBe(false);
    expect(mappingGaps(issue(), mapping)).toEqual([
      expect.objectContaining({ kind: 'unmapped-value', subject: 'High', field: 'Jira priority' }),
    ]);
    expect(
      desiredValues(issue({ assignee: { accountId: 'x', displayName: 'Bo', email: null } }), mapping).Engineer,
    ).toEqual({
      type: 'enum',
      option: 'Someone else',
    });
    // Each is checked and set up as the type it is written as, with the options it may write.
    expect(expectedFields(mapping).filter((f) => ['Release', 'Engineer'].includes(f.name))).toEqual([
      { name: 'Engineer', type: 'enum', options: ['Ada', 'Someone else'], configPath: 'fields.assignee' },
      { name: 'Release', type: 'multi_enum', options: ['v1'], configPath: 'fields.fixVersions' },
    ]);
  });

  it('formats the Jira key as configured', () => {
    const keyOnly = { ...fields, jiraKey: { field: 'Jira issue', format: 'key' as const } };
    expect(desiredValues(issue(), keyOnly)['Jira issue']).toEqual({ type: 'text', text: 'ABC-1' });
  });
});

describe('statusOption', () => {
  it('uses the listed status, else the status category, so a new status never breaks the sync', () => {
    expect(statusOption({ name: 'Done', category: 'done' }, fields.status)).toBe('Shipped');
    expect(statusOption({ name: 'QA', category: 'indeterminate' }, fields.status)).toBe('In development');
    expect(statusOption({ name: 'Parked', category: 'new' }, fields.status)).toBe('Planned');
  });

  it('matches listed statuses whatever their case and surrounding spaces', () => {
    expect(statusOption({ name: '  done ', category: null }, fields.status)).toBe('Shipped');
    expect(statusOption({ name: 'IN REVIEW', category: 'indeterminate' }, fields.status)).toBe(
      statusOption({ name: 'In Review', category: 'indeterminate' }, fields.status),
    );
  });

  it('never writes a default for a missing status, or an unknown one without a category, and reports the gap', () => {
    expect(statusOption({ name: 'Odd', category: null }, fields.status)).toBeNull();
    for (const status of [
      { name: 'Odd', category: null },
      { name: null, category: null },
    ] as const) {
      const values = desiredValues(issue({ status }), fields);
      expect('Delivery status' in values).toBe(false);
      expect(mappingGaps(issue({ status }), fields)).toEqual([
        expect.objectContaining({ kind: 'unknown-status', subject: status.name ?? '(none)', field: 'Delivery status' }),
      ]);
    }
    const plan = planIssueSync(
      link({ writtenValues: { 'Delivery status': { type: 'enum', option: 'In review' } } }),
      issue({ status: { name: null, category: null } }),
      fields,
    );
    expect(plan.action === 'apply' && 'Delivery status' in plan.changes).toBe(false);
  });
});

describe('pickSprint', () => {
  const s = (name: string, state: string, startDate: string | null = null, endDate: string | null = null) => ({
    name,
    state,
    startDate,
    endDate,
  });
  it('prefers the active sprint, then the next future one, then the latest closed', () => {
    expect(pickSprint([s('1', 'closed', '2026-01-01', '2026-01-14'), s('2', 'active')])?.name).toBe('2');
    expect(
      pickSprint([s('1', 'closed', null, '2026-01-14'), s('4', 'future', '2026-03-01'), s('3', 'future', '2026-02-01')])
        ?.name,
    ).toBe('3');
    expect(pickSprint([s('1', 'closed', null, '2026-01-14'), s('2', 'closed', null, '2026-01-28')])?.name).toBe('2');
    expect(pickSprint([])).toBeNull();
  });
});

describe('diffValues', () => {
  it('returns only values that differ from those written, including never-written fields', () => {
    const written = { A: { type: 'text' as const, text: 'x' }, B: null };
    const desired = {
      A: { type: 'text' as const, text: 'x' },
      B: null,
      C: null,
      D: { type: 'number' as const, value: 1 },
    };
    expect(diffValues(desired, written)).toEqual({ C: null, D: { type: 'number', value: 1 } });
  });

  it('compares people by user id, regardless of order and of the names shown', () => {
    const a = {
      P: {
        type: 'people' as const,
        users: [
          { id: '1', name: 'Ada' },
          { id: '2', name: 'Bo' },
        ],
      },
    };
    const b = {
      P: {
        type: 'people' as const,
        users: [
          { id: '2', name: 'Bo B.' },
          { id: '1', name: 'Ada' },
        ],
      },
    };
    expect(diffValues(a, b)).toEqual({});
    expect(diffValues(a, { P: { type: 'people' as const, users: [{ id: '1', name: 'Ada' }] } })).toEqual(a);
  });
});

describe('planIssueSync', () => {
  it('writes the changes and records the new issue time', () => {
    const plan = planIssueSync(link(), issue({ updatedAt: 2_000 }), fields);
    expect(plan).toMatchObject({ action: 'apply', issueUpdatedAt: 2_000, state: 'active' });
    if (plan.action === 'apply') expect(Object.keys(plan.changes)).toHaveLength(9);
  });

  it('never applies an issue state older than the one applied', () => {
    expect(planIssueSync(link({ issueUpdatedAt: 2_000 }), issue({ updatedAt: 1_999 }), fields)).toEqual({
      action: 'skip',
      reason: 'stale-issue-state',
    });
  });

  it('applies an equal timestamp (a redelivery of the same state) as a no-op', () => {
    const first = planIssueSync(link(), issue(), fields);
    if (first.action !== 'apply') throw new Error('expected apply');
    const again = planIssueSync(link({ issueUpdatedAt: 1_000, writtenValues: first.written }), issue(), fields);
    expect(again).toMatchObject({ action: 'apply', changes: {} });
  });

  it('ignores a deleted link, and a deletion only sets the configured status', () => {
    expect(planIssueSync(link({ state: 'deleted' }), issue(), fields)).toEqual({
      action: 'skip',
      reason: 'link-deleted',
    });
    expect(planDeletion(link(), fields)).toMatchObject({
      action: 'apply',
      state: 'deleted',
      changes: { 'Delivery status': { type: 'enum', option: 'Cancelled' } },
    });
    expect(planDeletion(link({ state: 'deleted' }), fields)).toEqual({ action: 'skip', reason: 'link-deleted' });
  });
});

describe('expectedFields and scope', () => {
  it('lists every field the config writes, with the status options it needs', () => {
    const expected = expectedFields(fields);
    expect(expected.map((f) => f.name)).toEqual([
      'Delivery status',
      'Engineer',
      'Jira priority',
      'Release',
      'Sprint',
      'Target date',
      'Story points',
      'Resolution',
      'Jira issue',
    ]);
    expect(expected[0]?.options.sort()).toEqual(['Cancelled', 'In development', 'In review', 'Planned', 'Shipped']);
  });

  it('follows the configured projects and issue types', () => {
    const scope = { projects: ['ABC'], issueTypes: ['Story'] };
    expect(isInScope(scope, { projectKey: 'ABC', issueType: 'Story' })).toBe(true);
    expect(isInScope(scope, { projectKey: 'ABC', issueType: 'Bug' })).toBe(false);
    expect(isInScope(scope, { projectKey: 'XYZ', issueType: 'Story' })).toBe(false);
    expect(isInScope({ projects: ['ABC'] }, { projectKey: 'ABC', issueType: 'Bug' })).toBe(true);
  });
});
