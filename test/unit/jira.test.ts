import { describe, expect, it } from 'vitest';
import { resolveJiraFields } from '../../src/adapters/jira/field-catalog';
import { toIssueSnapshot } from '../../src/adapters/jira/issue-snapshot';
import { parseJiraDateTime } from '../../src/adapters/jira/jira-dates';
import { parseSprints } from '../../src/adapters/jira/parse-sprints';
import { DEFAULT_JIRA_FIELDS } from '../../demo/stand-ins/fake-jira';
import { jiraFixture } from '../support/jira-fixtures';

describe('parseJiraDateTime', () => {
  it("reads Jira's offset without a colon", () => {
    expect(parseJiraDateTime('2019-02-15T19:14:22.002-0800')).toBe(Date.parse('2019-02-16T03:14:22.002Z'));
    expect(parseJiraDateTime('2017-01-30T18:32:14.716+0100')).toBe(Date.parse('2017-01-30T17:32:14.716Z'));
    expect(() => parseJiraDateTime('yesterday')).toThrow(/Unparseable/);
  });
});

describe('parseSprints', () => {
  it('reads the object form and the legacy greenhopper strings', () => {
    expect(
      parseSprints([
        {
          id: 1,
          name: 'Sprint 1',
          state: 'closed',
          boardId: 2,
          startDate: '2026-01-01T00:00:00Z',
          endDate: '2026-01-14T00:00:00Z',
        },
      ]),
    ).toEqual([
      { name: 'Sprint 1', state: 'closed', startDate: '2026-01-01T00:00:00Z', endDate: '2026-01-14T00:00:00Z' },
    ]);
    const [legacy] = jiraFixture('issue_created-mattermost-2.json').issue.fields.customfield_10021;
    expect(parseSprints([legacy])).toEqual([
      {
        name: 'SCRUM1 Sprint 1',
        state: 'active',
        startDate: '2019-05-23T14:02:10.170Z',
        endDate: '2019-06-06T14:02:00.000Z',
      },
    ]);
    expect(parseSprints(null)).toEqual([]);
  });
});

describe('resolveJiraFields', () => {
  it('finds sprint by its schema and story points by name, whatever their ids', () => {
    expect(resolveJiraFields(DEFAULT_JIRA_FIELDS, ['Story Points'])).toEqual({
      sprintFieldId: 'customfield_10020',
      storyPointsFieldIds: ['customfield_10016'],
    });
    const other = [
      { id: 'customfield_10028', name: 'Story point estimate' },
      { id: 'customfield_10104', name: 'Sprint', schema: { custom: 'com.pyxis.greenhopper.jira:gh-sprint' } },
    ];
    expect(resolveJiraFields(other, ['Story Points', 'Story point estimate'])).toEqual({
      sprintFieldId: 'customfield_10104',
      storyPointsFieldIds: ['customfield_10028'],
    });
    expect(resolveJiraFields([], ['Story Points'])).toEqual({ sprintFieldId: null, storyPointsFieldIds: [] });
  });

  it('keeps every story points field a site has (company- and team-managed), names compared as typed', () => {
    const both = [
      { id: 'customfield_10016', name: 'Story point estimate' },
      { id: 'customfield_10028', name: ' story points ' },
    ];
    expect(resolveJiraFields(both, ['Story Points', 'Story point estimate']).storyPointsFieldIds).toEqual([
      'customfield_10028',
      'customfield_10016',
    ]);
  });
});

describe('toIssueSnapshot', () => {
  it('normalises a real resolved issue', () => {
    const snapshot = toIssueSnapshot(
      jiraFixture('issue_updated-mattermost-2.json').issue,
      { sprintFieldId: null, storyPointsFieldIds: [] },
      'https://jira.test/',
    );
    expect(snapshot).toEqual({
      id: '10040',
      key: 'TES-41',
      labels: ['test-label'],
      projectKey: 'TES',
      issueType: 'Story',
      updatedAt: Date.parse('2019-02-16T03:15:40.477Z'),
      browseUrl: 'https://jira.test/browse/TES-41',
      status: { name: 'Done', category: 'done' },
      assignee: null,
      priority: 'High',
      fixVersions: [],
      sprints: [],
      dueDate: null,
      storyPoints: null,
      resolution: 'Done',
      trackerReference: null,
      custom: {},
    });
  });

  it('reads story points and the assignee from the fields found by name', () => {
    const issue = {
      id: '1',
      key: 'ABC-1',
      fields: {
        customfield_10016: 3.5,
        assignee: { accountId: 'acc-ada', displayName: 'Ada', emailAddress: 'ada@example.com' },
      },
    };
    const snapshot = toIssueSnapshot(
      issue,
      { sprintFieldId: null, storyPointsFieldIds: ['customfield_10016'] },
      'https://jira.test',
    );
    expect(snapshot).toMatchObject({
      storyPoints: 3.5,
      assignee: { accountId: 'acc-ada', displayName: 'Ada', email: 'ada@example.com' },
      projectKey: 'ABC',
      updatedAt: 0,
    });
  });

  it('takes story points from whichever candidate field holds a value on the issue (per project)', () => {
    const catalog = { sprintFieldId: null, storyPointsFieldIds: ['customfield_10028', 'customfield_10016'] };
    const companyManaged = { id: '1', key: 'ABC-1', fields: { customfield_10028: 5, customfield_10016: null } };
    const teamManaged = { id: '2', key: 'TM-1', fields: { customfield_10028: null, customfield_10016: 8 } };
    expect(toIssueSnapshot(companyManaged, catalog, 'https://jira.test').storyPoints).toBe(5);
    expect(toIssueSnapshot(teamManaged, catalog, 'https://jira.test').storyPoints).toBe(8);
    expect(toIssueSnapshot({ id: '3', key: 'X-1', fields: {} }, catalog, 'https://jira.test').storyPoints).toBeNull();
  });

  it('keeps a missing status as missing, and identifies Jira Server users by key', () => {
    const server = {
      id: '1',
      key: 'ABC-1',
      fields: { status: { name: '  ' }, assignee: { key: 'JIRAUSER10100', name: 'ada', displayName: 'Ada' } },
    };
    const snapshot = toIssueSnapshot(server, { sprintFieldId: null, storyPointsFieldIds: [] }, 'https://jira.test');
    expect(snapshot.status).toEqual({ name: null, category: null });
    expect(snapshot.assignee).toEqual({ accountId: 'JIRAUSER10100', displayName: 'Ada', email: null });
  });
});
