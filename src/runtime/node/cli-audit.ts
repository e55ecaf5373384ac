import type { Ctx } from '../../flows/context';
import { createAdminToken, listTokens, revokeToken } from '../../flows/admin/admin-tokens';
import { allAudit, auditCsvLine, AUDIT_CSV_COLUMNS, CLI_ACTOR } from '../../flows/audit/audit-trail';
import type { CliInvocation } from './cli-args';

/**
 * `audit [JIRA-KEY] [--field F] [--actor A] [--since T] [--until T] [--limit N] [--format csv|ndjson]`:
 * the trail, oldest first; with `--format`, every matching entry as an export on standard output.
 */
export async function auditCommand(ctx: Ctx, { args, flags }: CliInvocation, print: (t: string, j: unknown) => void) {
  const filter = {
    jiraKey: args[0],
    field: flags.field,
    actor: flags.actor,
    from: flags.since === undefined ? undefined : Date.parse(flags.since),
    to: flags.until === undefined ? undefined : Date.parse(flags.until),
  };
  if (flags.format) {
    if (flags.format === 'csv') process.stdout.write(`${AUDIT_CSV_COLUMNS.join(',')}\r\n`);
    for await (const entry of allAudit(ctx, filter))
      process.stdout.write(flags.format === 'csv' ? `${auditCsvLine(entry)}\r\n` : `${JSON.stringify(entry)}\n`);
    return 0;
  }
  const limit = Number(flags.limit ?? 100);
  const entries = [];
  for await (const entry of allAudit(ctx, filter)) {
    entries.push(entry);
    if (entries.length === limit) break;
  }
  const show = (v: unknown) => (v === null ? 'none' : JSON.stringify(v));
  const lines = entries.map((e) => {
    const what = e.field ? `${e.field}: ${show(e.old)} -> ${show(e.new)}` : show(e.new ?? e.cause);
    return `${e.at} ${e.action.padEnd(14)} ${(e.jiraKey ?? '').padEnd(10)} ${e.actor}  ${what}`;
  });
  print(entries.length ? lines.join('\n') : 'No audit entries match.', entries);
  return 0;
}

/** `tokens`, `tokens create <name> [--read-only]`, `tokens revoke <name>`: named admin tokens. */
export async function tokensCommand(ctx: Ctx, { args, flags }: CliInvocation, print: (t: string, j: unknown) => void) {
  const [sub, name = ''] = args;
  if (sub === 'create') {
    const made = await createAdminToken(ctx, CLI_ACTOR, { name, role: flags.readOnly ? 'read' : 'admin' });
    print(
      `Created the ${made.role === 'read' ? 'read-only' : 'admin'} token "${made.name}". It is shown this once:\n${made.token}`,
      made,
    );
    return 0;
  }
  if (sub === 'revoke') {
    print(`Revoked the token "${name}"`, await revokeToken(ctx, CLI_ACTOR, name));
    return 0;
  }
  const tokens = await listTokens(ctx);
  const lines = tokens.map(
    (t) =>
      `  ${t.name.padEnd(24)} ${t.role.padEnd(6)} created ${t.createdAt}${t.revokedAt ? `, revoked ${t.revokedAt}` : `, last used ${t.lastUsedAt ?? 'never'}`}`,
  );
  print(tokens.length ? `Admin tokens:\n${lines.join('\n')}` : 'No named admin tokens.', tokens);
  return 0;
}
