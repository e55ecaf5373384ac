import { describe, expect, it } from 'vitest';
import { expectedFields } from '../../src/engine/expected-fields';
import { checkCatalog } from '../../src/adapters/tracker/asana/check-catalog';
import { decodeValue } from '../../src/adapters/tracker/asana/decode-values';
import { encodeValues } from '../../src/adapters/tracker/asana/encode-values';
import { indexFields, type AsanaField } from '../../src/adapters/tracker/asana/field-catalog';
import { ASANA_FIELDS, GID, testConfig } from '../support/seed';

const catalog = indexFields(
  ASANA_FIELDS.map<AsanaField>((f) => ({
    gid: f.gid,
    name: f.name,
    subtype: f.resource_subtype,
    precision: f.precision ?? null,
    options: f.enum_options ?? [],
  })),
);

describe('encodeValues', () => {
  it('turns names into gids and values into the shapes Asana takes', () => {
    const { customFields, problems } = encodeValues(
      {
        'delivery STATUS': { type: 'enum', option: 'shipped' },
        Engineer: { type: 'text', text: 'Ada' },
        'Story points': { type: 'number', value: 2.345 },
        'Target date': { type: 'date', date: '2026-12-01' },
        Release: null,
      },
      catalog,
    );
    expect(problems).toEqual([]);
    expect(customFields).toEqual({
      [GID.status]: GID.shipped,
      [GID.engineer]: 'Ada',
      [GID.storyPoints]: 2.3,
      [GID.targetDate]: { date: '2026-12-01' },
      [GID.release]: null,
    });
  });

  it('reports unknown fields, unknown options and type mismatches instead of guessing', () => {
    const { customFields, problems } = encodeValues(
      { Nope: null, 'Delivery status': { type: 'enum', option: 'Half done' }, Engineer: { type: 'number', value: 1 } },
      catalog,
    );
    expect(customFields).toEqual({});
    expect(problems).toEqual([
      'field "Nope" does not exist in the Asana project',
      'field "Delivery status": option "Half done" does not exist',
      'field "Engineer" is a text field in Asana, but the config writes number values to it',
    ]);
  });

  it('truncates text to 1024 characters', () => {
    const { customFields } = encodeValues({ Engineer: { type: 'text', text: 'x'.repeat(2000) } }, catalog);
    expect((customFields[GID.engineer] as string).length).toBe(1024);
  });

  it('writes people as user gids, and no people as a cleared field', () => {
    const people = indexFields([{ gid: '9', name: 'Owner', subtype: 'people', precision: null, options: [] }]);
    expect(
      encodeValues({ Owner: { type: 'people', users: [{ id: '77', name: 'Ada' }] } }, people).customFields,
    ).toEqual({ '9': ['77'] });
    expect(encodeValues({ Owner: { type: 'people', users: [] } }, people).customFields).toEqual({ '9': null });
  });
});

describe('decodeValue', () => {
  it('reads values back for comparison after an interrupted write', () => {
    expect(decodeValue({ resource_subtype: 'enum', enum_value: { name: 'Shipped' } })).toEqual({
      type: 'enum',
      option: 'Shipped',
    });
    expect(decodeValue({ resource_subtype: 'text', text_value: null })).toBeNull();
    expect(decodeValue({ resource_subtype: 'number', number_value: 0 })).toEqual({ type: 'number', value: 0 });
    expect(decodeValue({ resource_subtype: 'date', date_value: { date: '2026-01-02' } })).toEqual({
      type: 'date',
      date: '2026-01-02',
    });
    expect(decodeValue({ resource_subtype: 'people' })).toBeNull();
    expect(decodeValue({ resource_subtype: 'people', people_value: [{ gid: '77', name: 'Ada' }] })).toEqual({
      type: 'people',
      users: [{ id: '77', name: 'Ada' }],
    });
    expect(decodeValue({ resource_subtype: 'reference' })).toBeUndefined();
  });
});

describe('checkCatalog', () => {
  it('passes the test project', () => {
    expect(checkCatalog(expectedFields(testConfig().fields), catalog)).toEqual([]);
  });

  it('says which problems setup can fix: a missing field or option, not a type or a disabled option', () => {
    const fields = { ...testConfig().fields, sprint: { ...testConfig().fields.sprint!, field: 'Iteration' } };
    expect(checkCatalog(expectedFields(fields), catalog).map((p) => p.setupAdds)).toEqual([true]);
  });

  it('names the config path of each missing field, wrong type, missing or disabled option', () => {
    const fields = testConfig().fields;
    const broken = {
      ...fields,
      status: { ...fields.status, map: { ...fields.status.map, Blocked: 'On hold' } },
      sprint: { ...fields.sprint!, field: 'Iteration' },
      storyPoints: { ...fields.storyPoints!, field: 'Engineer', jiraFieldNames: ['Story Points'] },
    };
    const withDisabled = indexFields(
      catalog.fields.map((f) =>
        f.gid === GID.status
          ? { ...f, options: f.options.map((o) => (o.name === 'Shipped' ? { ...o, enabled: false } : o)) }
          : f,
      ),
    );
    const problems = checkCatalog(expectedFields(broken), withDisabled);
    expect(problems.map((p) => p.setupAdds)).toEqual([false, true, true, false]);
    expect(problems.map((p) => p.message)).toEqual([
      'fields.status: Asana field "Delivery status": option "Shipped" is disabled in Asana',
      expect.stringMatching(
        /^fields\.status: Asana field "Delivery status" has no option "On hold" \(options: Planned, /,
      ),
      expect.stringMatching(
        /^fields\.sprint: Asana field "Iteration" does not exist in the project \(its fields: Delivery status, Engineer/,
      ),
      'fields.storyPoints: Asana field "Engineer" is a text field, but the config writes number values',
    ]);
  });
});
