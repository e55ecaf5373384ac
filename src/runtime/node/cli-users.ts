import { mapUser, unmapUser, usersReport } from '../../flows/people/user-map-service';
import type { BridgeConfig } from '../../platform/config/schema';
import type { Db } from '../../adapters/storage/database';
import { CLI_ACTOR } from '../../flows/audit/audit-trail';

/** `users`, `users map <account> <user>`, `users unmap <account>`: the Jira → tracker user map. */
export async function usersCommand(
  deps: { db: Db; config: BridgeConfig; clock: { now(): number } },
  args: string[],
  print: (text: string, json: unknown) => void,
): Promise<number> {
  const [sub, accountId = '', trackerUserId = ''] = args;
  if (sub === 'map') {
    const mapped = await mapUser(deps, CLI_ACTOR, { jiraAccountId: accountId, trackerUserId });
    print(`Mapped Jira user ${accountId} to tracker user ${trackerUserId}`, mapped);
    return 0;
  }
  if (sub === 'unmap') {
    const removed = await unmapUser(deps, CLI_ACTOR, accountId);
    print(`Removed the mapping of Jira user ${accountId}`, removed);
    return 0;
  }
  const report = await usersReport(deps);
  const mapped = report.mapped.map(
    (u) =>
      `  ${u.jiraAccountId.padEnd(28)} -> ${u.trackerUserId.padEnd(18)} ${(u.displayName ?? '').padEnd(24)} (${u.source === 'admin' ? 'set by an admin' : 'matched by e-mail'})`,
  );
  const unmapped = report.unmapped.map(
    (g) => `  ${g.subject.padEnd(28)} ${g.detail} (${g.field}; last on ${g.lastIssueKey}, ${g.occurrences}x)`,
  );
  const text = [
    report.mapped.length ? `Mapped (${report.mapped.length}):\n${mapped.join('\n')}` : 'Mapped: nobody yet.',
    report.unmapped.length
      ? `Unmapped (${report.unmapped.length}): their people fields are left unchanged\n${unmapped.join('\n')}`
      : 'Unmapped: nobody.',
  ].join('\n');
  print(text, report);
  return 0;
}
