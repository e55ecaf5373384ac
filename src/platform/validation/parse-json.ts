import type { z } from 'zod';
import { formatIssues } from '../config/parse-config';
import { BadRequestError, ValidationError } from '../errors/app-errors';

/** Parses a raw JSON body: 400 for malformed JSON. */
export function parseJson(raw: string, what: string): unknown {
  try {
    return JSON.parse(raw);
  } catch (err) {
    throw new BadRequestError(`Malformed JSON in ${what}: ${(err as Error).message}`);
  }
}

/** Checks parsed JSON against a schema: 400 naming each bad path. */
export function validateBody<T extends z.ZodType>(json: unknown, schema: T, what: string): z.infer<T> {
  const result = schema.safeParse(json);
  if (!result.success) {
    const problems = formatIssues(result.error.issues);
    throw new ValidationError(`Invalid ${what}: ${problems.join('; ')}`, problems);
  }
  return result.data;
}

/** Parses a raw JSON body against a schema: 400 for malformed JSON, 400 naming each bad path otherwise. */
export function parseJsonBody<T extends z.ZodType>(raw: string, schema: T, what: string): z.infer<T> {
  return validateBody(parseJson(raw, what), schema, what);
}
