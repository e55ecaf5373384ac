import { describe, expect, it } from 'vitest';
import { indexFields, type AsanaField } from '../../src/adapters/tracker/asana/field-catalog';
import { planFieldSetup } from '../../src/adapters/tracker/asana/plan-field-setup';
import type { ExpectedField } from '../../src/engine/types';

const field = (gid: string, name: string, subtype: string, options: string[] = []): AsanaField => ({
  gid,
  name,
  subtype,
  precision: null,
  options: options.map((o, i) => ({ gid: `${gid}-${i}`, name: o, enabled: true })),
});
const want = (name: string, type: ExpectedField['type'], options: string[] = [], configPath = 'fields.x') => ({
  name,
  type,
  options,
  configPath,
});

describe('the tracker setup plan', () => {
  const project = indexFields([field('p1', 'Stage', 'enum', ['Planned']), field('p2', 'Notes', 'text')]);
  const library = indexFields([
    field('p1', 'Stage', 'enum', ['Planned']),
    field('w1', 'Region', 'enum', ['EMEA']),
    field('w2', 'Squad', 'text'),
  ]);

  it('adds options, adds a library field of the same type, and creates the rest with their options', () => {
    const plan = planFieldSetup(
      [
        want('stage', 'enum', ['Planned', 'Shipped']),
        want('Stage', 'enum', ['Blocked']),
        want('Region', 'enum', ['EMEA', 'APAC']),
        want('Squad', 'enum', ['Payments']),
        want('Labels', 'multi_enum', ['a', 'b']),
        want('Notes', 'text'),
      ],
      project,
      library,
    );
    expect(plan.problems).toEqual([]);
    expect(plan.steps).toEqual([
      { action: 'add-options', field: 'Stage', type: 'enum', options: ['Shipped', 'Blocked'], gid: 'p1' },
      { action: 'add-field', field: 'Region', type: 'enum', options: [], gid: 'w1' },
      { action: 'add-options', field: 'Region', type: 'enum', options: ['APAC'], gid: 'w1' },
      // The library's "Squad" is text: a new enum field is created instead.
      { action: 'create-field', field: 'Squad', type: 'enum', options: ['Payments'] },
      { action: 'create-field', field: 'Labels', type: 'multi_enum', options: ['a', 'b'] },
    ]);
  });

  it('says what it cannot fix: a field of another type, one name written as two types', () => {
    const plan = planFieldSetup(
      [want('Notes', 'number', [], 'fields.a'), want('X', 'text', [], 'fields.b'), want('x', 'date', [], 'fields.c')],
      project,
      library,
    );
    expect(plan.problems).toEqual([
      '"x" is written as text (fields.b) and as date (fields.c)',
      'fields.a: "Notes" is a text field, the config writes number',
    ]);
    expect(plan.steps).toEqual([{ action: 'create-field', field: 'X', type: 'text', options: [] }]);
  });
});
