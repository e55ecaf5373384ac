import { describe, expect, it } from 'vitest';
import { jiraFieldValue } from '../../src/adapters/jira/field-value';
import { decodeValue } from '../../src/adapters/tracker/asana/decode-values';
import { encodeValues } from '../../src/adapters/tracker/asana/encode-values';
import { indexFields } from '../../src/adapters/tracker/asana/field-catalog';
import { customFieldValue } from '../../src/engine/custom-fields';
import { diffValues } from '../../src/engine/diff-values';
import { customFieldSchema } from '../../src/platform/config/schema';
import type { PeopleLookup } from '../../src/engine/types';
import { jiraFixture } from '../support/jira-fixtures';

const entry = (over: object) => customFieldSchema.parse({ jira: 'labels', field: 'Labels', type: 'text', ...over });
const people: PeopleLookup = new Map([
  ['acc-ada', { id: 'u-ada', name: 'Ada Lovelace' }],
  ['acc-bob', { unmapped: 'no tracker user with their e-mail' }],
]);
const ada = { accountId: 'acc-ada', displayName: 'Ada Lovelace', emailAddress: 'ada@example.com', active: true };
const bob = { accountId: 'acc-bob', displayName: 'Bob', active: true };

describe('a Jira field value, whatever its type', () => {
  it('reads the shapes of a real issue body: labels, components, an option, people, rich text', () => {
    const fields = jiraFixture('issue_updated-mattermost-1.json').issue.fields;
    expect(jiraFieldValue(fields.labels).texts).toEqual(['test-label']);
    expect(jiraFieldValue(fields.components).texts).toEqual(['COMP-1']);
    expect(jiraFieldValue(fields.priority).texts).toEqual([fields.priority.name]);
    expect(jiraFieldValue({ value: 'Payments', id: '1' }).texts).toEqual(['Payments']);
    expect(jiraFieldValue({ value: 'EMEA', child: { value: 'France' } }).texts).toEqual(['EMEA / France']);
    expect(jiraFieldValue([ada, bob])).toEqual({
      texts: ['Ada Lovelace', 'Bob'],
      number: null,
      people: [
        { accountId: 'acc-ada', displayName: 'Ada Lovelace', email: 'ada@example.com' },
        { accountId: 'acc-bob', displayName: 'Bob', email: null },
      ],
    });
    expect(jiraFieldValue(8.5)).toEqual({ texts: ['8.5'], number: 8.5, people: [] });
    expect(jiraFieldValue({ key: 'ABC-7', fields: { summary: 'Epic' } }).texts).toEqual(['ABC-7']);
    const doc = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Hello' }] }] };
    expect(jiraFieldValue(doc).texts).toEqual(['Hello']);
    expect(jiraFieldValue(null)).toEqual({ texts: [], number: null, people: [] });
  });
});

describe('a fields.custom entry', () => {
  const labels = jiraFieldValue(['customer', 'test-label', 'Customer', 'beta']);

  it('writes a multi-valued field to a multi_enum field in Jira order, each option once', () => {
    const result = customFieldValue(entry({ type: 'multi_enum', map: { beta: 'Other' } }), labels, people);
    expect(result).toEqual({ value: { type: 'multi_enum', options: ['customer', 'test-label', 'Other'] }, gaps: [] });
  });

  it('follows its rule for a value the map does not list', () => {
    const map = { customer: 'customer' };
    expect(customFieldValue(entry({ type: 'multi_enum', map, unmapped: 'leave' }), labels, people)).toEqual({
      value: undefined,
      gaps: [],
    });
    expect(
      customFieldValue(entry({ type: 'multi_enum', map, unmapped: 'default', default: 'Other' }), labels, people).value,
    ).toEqual({ type: 'multi_enum', options: ['customer', 'Other'] });
    const reported = customFieldValue(entry({ type: 'enum', map: {}, unmapped: 'report' }), labels, people);
    expect(reported.value).toBeUndefined();
    expect(reported.gaps).toEqual([
      {
        kind: 'unmapped-value',
        subject: 'customer',
        detail: 'Jira labels "customer" is not in the map of Labels',
        field: 'Labels',
      },
    ]);
    expect(() => entry({ type: 'enum', unmapped: 'default' })).toThrow(/needs `default`/);
  });

  it('writes text, numbers, dates and people, and clears the field when Jira has no value', () => {
    expect(customFieldValue(entry({ type: 'text' }), labels, people).value).toEqual({
      type: 'text',
      text: 'customer, test-label, Customer, beta',
    });
    expect(customFieldValue(entry({ type: 'number' }), jiraFieldValue('13'), people).value).toEqual({
      type: 'number',
      value: 13,
    });
    expect(
      customFieldValue(entry({ type: 'date' }), jiraFieldValue('2026-12-01T10:00:00.000+0100'), people).value,
    ).toEqual({ type: 'date', date: '2026-12-01' });
    expect(customFieldValue(entry({ type: 'people' }), jiraFieldValue([ada]), people).value).toEqual({
      type: 'people',
      users: [{ id: 'u-ada', name: 'Ada Lovelace' }],
    });
    const unmapped = customFieldValue(entry({ type: 'people' }), jiraFieldValue([ada, bob]), people);
    expect(unmapped.value).toBeUndefined();
    expect(unmapped.gaps.map((g) => g.kind)).toEqual(['unmapped-user']);
    for (const type of ['text', 'enum', 'multi_enum', 'number', 'date', 'people']) {
      expect(customFieldValue(entry({ type }), jiraFieldValue(null), people).value).toBeNull();
      // A Jira field the site does not have (a typo in the config) never clears the tracker field.
      expect(customFieldValue(entry({ type }), undefined, people)).toEqual({ value: undefined, gaps: [] });
    }
  });
});

describe('a multi_enum value in Asana', () => {
  const catalog = indexFields([
    {
      gid: 'f1',
      name: 'Labels',
      subtype: 'multi_enum',
      precision: null,
      options: [
        { gid: 'o1', name: 'test-label', enabled: true },
        { gid: 'o2', name: 'customer', enabled: true },
      ],
    },
  ]);

  it('is written as option gids in the bridge order, read back, and compared as a set', () => {
    const value = { type: 'multi_enum' as const, options: ['customer', 'test-label'] };
    expect(encodeValues({ Labels: value }, catalog)).toEqual({ customFields: { f1: ['o2', 'o1'] }, problems: [] });
    expect(encodeValues({ Labels: { type: 'multi_enum', options: ['nope'] } }, catalog).problems).toEqual([
      'field "Labels": option "nope" does not exist',
    ]);
    const read = decodeValue({
      resource_subtype: 'multi_enum',
      multi_enum_values: [{ name: 'test-label' }, { name: 'customer' }],
    });
    expect(read).toEqual({ type: 'multi_enum', options: ['test-label', 'customer'] });
    expect(diffValues({ Labels: value }, { Labels: read! })).toEqual({});
  });
});
