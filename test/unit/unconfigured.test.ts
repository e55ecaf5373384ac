import { describe, expect, it } from 'vitest';
import { NotConfiguredError } from '../../src/platform/errors/app-errors';
import { unconfigured } from '../../src/platform/errors/unconfigured';

describe('a client without credentials', () => {
  it('refuses every call, naming the settings and the service, and is not taken for a promise', async () => {
    const jira = unconfigured<{ getIssue(key: string): Promise<unknown> }>('JIRA_BASE_URL, JIRA_API_TOKEN', 'Jira');
    await expect(jira.getIssue('ABC-1')).rejects.toBeInstanceOf(NotConfiguredError);
    await expect(jira.getIssue('ABC-1')).rejects.toThrow(
      'Set JIRA_BASE_URL, JIRA_API_TOKEN first: the bridge cannot reach Jira without it',
    );
    expect(await Promise.resolve(jira)).toBe(jira); // awaiting it does not call `then`
  });
});
