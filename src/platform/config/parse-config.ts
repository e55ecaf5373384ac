import type { z } from 'zod';
import { ConfigError } from '../errors/app-errors';
import type { BridgeConfig, TrackerConfigSpec } from './schema';
import { configSchemaWith } from './normalize-mappings';

/** Validates a parsed config object; every problem is reported with its path, all at once. */
export function parseConfigWith(
  trackers: readonly TrackerConfigSpec[],
  input: unknown,
  source = 'config',
): BridgeConfig {
  const result = configSchemaWith(trackers).safeParse(input);
  if (result.success) return result.data as BridgeConfig;
  throw new ConfigError(source, formatIssues(result.error.issues));
}

export function formatIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    const path = issue.path.length ? issue.path.map(String).join('.') : '(root)';
    return `${path}: ${issue.message}`;
  });
}
