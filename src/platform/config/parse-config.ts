import type { z } from 'zod';
import { ConfigError } from '../errors/app-errors';
import { configSchema, type BridgeConfig } from './schema';

/** Validates a parsed config object; every problem is reported with its path, all at once. */
export function parseConfig(input: unknown, source = 'config'): BridgeConfig {
  const result = configSchema.safeParse(input);
  if (result.success) return result.data;
  throw new ConfigError(source, formatIssues(result.error.issues));
}

export function formatIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    const path = issue.path.length ? issue.path.map(String).join('.') : '(root)';
    return `${path}: ${issue.message}`;
  });
}
