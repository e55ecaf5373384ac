import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateAsanaTypes, OUTPUT } from '../../src/runtime/node/tools/generate-asana-types';
import type { RecordedRequest } from '../../demo/stand-ins/recorded-request';
import { ASANA_SPEC_PATH, asanaSpecViolations } from '../support/asana-contract';

const put = (body: unknown, query: Record<string, string> = {}): RecordedRequest => ({
  method: 'PUT',
  path: '/api/1.0/tasks/1300000000000001',
  query,
  body,
  headers: { 'content-type': 'application/json' },
});

describe('the Asana contract check', () => {
  it('accepts each custom field value shape the bridge writes', async () => {
    const body = {
      data: { custom_fields: { '1': '2', '3': 'text', '4': 2.5, '5': { date: '2026-11-30' }, '6': ['7'], '8': null } },
    };
    expect(await asanaSpecViolations(put(body, { opt_fields: 'name' }))).toEqual([]);
  });

  it('rejects requests outside the spec, so a drifting client fails the tests', async () => {
    expect(await asanaSpecViolations(put({ data: { custom_fields: 5 } }))).not.toEqual([]);
    expect(await asanaSpecViolations(put({ data: { custom_fields: { '1': { when: 'soon' } } } }))).not.toEqual([]);
    expect(await asanaSpecViolations(put({ data: {} }, { opt_fields: 'not_a_field' }))).not.toEqual([]);
    expect(await asanaSpecViolations({ ...put(undefined), method: 'GET', path: '/api/1.0/no/such/path' })).not.toEqual(
      [],
    );
  });

  it('keeps the generated client types in step with the spec', async () => {
    expect(await generateAsanaTypes(ASANA_SPEC_PATH)).toBe(readFileSync(OUTPUT, 'utf8'));
  });
});
