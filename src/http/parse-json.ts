import type { z } from 'zod';
import { formatIssues } from '../config/parse-config';
import { BadRequestError, ValidationError } from '../errors/app-errors';

/** Parses a raw JSON body against a schema: 400 for malformed JSON, 400 naming each bad path otherwise. */
export function parseJsonBody<T extends z.ZodType>(raw: string, schema: T, what: string): z.infer<T> {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    throw new BadRequestError(`Malformed JSON in ${what}: ${(err as Error).message}`);
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    const problems = formatIssues(result.error.issues);
    throw new ValidationError(`Invalid ${what}: ${problems.join('; ')}`, problems);
  }
  return result.data;
}
