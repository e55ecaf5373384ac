import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The real Jira Cloud webhook bodies in shared/contracts (never edited; copy before changing). */
export const JIRA_FIXTURES_DIR = fileURLToPath(new URL('../../../shared/contracts/jira-webhooks/', import.meta.url));

export function jiraFixtureNames(): string[] {
  return readdirSync(JIRA_FIXTURES_DIR).filter((f) => f.endsWith('.json'));
}

/** The exact bytes of a fixture (what Jira signs). */
export function jiraFixtureRaw(name: string): string {
  return readFileSync(`${JIRA_FIXTURES_DIR}${name}`, 'utf8');
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- fixtures are free-form JSON
export function jiraFixture(name: string): any {
  return JSON.parse(jiraFixtureRaw(name));
}
