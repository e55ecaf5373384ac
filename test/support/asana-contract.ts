import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import addFormats from 'ajv-formats';
import { OpenAPIBackend } from 'openapi-backend';
import { parse } from 'yaml';
import type { RecordedRequest } from '../../demo/stand-ins/recorded-request';
import { applyAsanaSpecErrata } from '../../src/adapters/tracker/asana/spec-errata';

export const ASANA_SPEC_PATH = fileURLToPath(new URL('../../../shared/contracts/asana_oas.yaml', import.meta.url));

let validator: Promise<OpenAPIBackend> | undefined;

/**
 * Validates requests against Asana's published OpenAPI spec (with the documented errata of
 * src/adapters/tracker/asana/spec-errata.ts). OAS 3.0 `nullable` without `type` is rewritten as a
 * union with null, which is what it means; ajv refuses it otherwise.
 */
export function asanaValidator(): Promise<OpenAPIBackend> {
  validator ??= (async () => {
    const spec = applyAsanaSpecErrata(parse(readFileSync(ASANA_SPEC_PATH, 'utf8')));
    nullableWithoutType(spec);
    const api = new OpenAPIBackend({
      definition: spec,
      quick: true,
      strict: false,
      validate: true,
      ajvOpts: { strict: false },
      customizeAjv: (ajv) => {
        addFormats.default(ajv);
        return ajv;
      },
    });
    await api.init();
    return api;
  })();
  return validator;
}

function nullableWithoutType(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(nullableWithoutType);
  if (!node || typeof node !== 'object') return;
  const o = node as Record<string, unknown>;
  Object.values(o).forEach(nullableWithoutType);
  if (o.nullable === true && o.type === undefined) {
    delete o.nullable;
    const rest = { ...o };
    for (const k of Object.keys(o)) delete o[k];
    o.anyOf = [rest, { type: 'null' }];
  }
}

/** The spec violations of one request the bridge sent to Asana (empty when it conforms). */
export async function asanaSpecViolations(request: RecordedRequest): Promise<string[]> {
  const api = await asanaValidator();
  const path = request.path.replace(/^\/api\/1\.0/, '');
  let result;
  try {
    result = api.validateRequest({
      method: request.method.toLowerCase(),
      path,
      query: request.query,
      body: request.body,
      headers: { 'content-type': request.headers['content-type'] ?? 'application/json' },
    });
  } catch (err) {
    return [`${request.method} ${path}: ${(err as Error).message}`];
  }
  return result.valid
    ? []
    : (result.errors ?? []).map((e) => `${request.method} ${path} ${e.instancePath} ${e.message}`);
}
