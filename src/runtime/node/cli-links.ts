import type { Ctx } from '../../flows/context';
import { requireCredentials } from '../../flows/context';
import { autoLinkScan } from '../../flows/links/auto-link';
import { createLink, listAllLinks, removeLinks } from '../../flows/links/link-service';
import type { CliInvocation } from './cli-args';
import { CLI_ACTOR } from '../../flows/audit/audit-trail';

/** `link`, `link --auto`, `links`, `unlink`: the links between Jira issues and tracker tasks, per mapping. */
export async function linksCommand(
  ctx: Ctx,
  { command, args, flags }: CliInvocation,
  print: (text: string, json: unknown) => void,
): Promise<number> {
  const several = ctx.mappingNames.length > 1;
  const under = (mapping: string) => (several ? ` [${mapping}]` : '');
  switch (command) {
    case 'link': {
      if (flags.auto) {
        requireCredentials(ctx, 'link --auto');
        const report = await autoLinkScan(ctx, { dryRun: flags.dryRun });
        const found = report.found
          .map((f) => `\n  ${f.jiraKey} -> task ${f.taskId}${f.mapping ? under(f.mapping) : ''}`)
          .join('');
        print(
          `Scanned ${report.scanned} issues: ${report.found.length} point at tracker tasks${flags.dryRun ? ' (dry run: nothing linked)' : `, ${report.linked} linked`}${found}`,
          report,
        );
        return 0;
      }
      const [jiraKey = '', taskGid = ''] = args;
      const result = await createLink(ctx, CLI_ACTOR, {
        jiraKey: jiraKey.toUpperCase(),
        taskGid,
        mapping: flags.mapping,
      });
      const synced =
        result.sync.status === 'done'
          ? `synced (${result.sync.outcome})`
          : `sync ${result.sync.status}: ${result.sync.error}`;
      const mappings = several ? ` under ${(result.mappings ?? [result.link.mapping]).join(', ')}` : '';
      print(
        `Linked ${result.link.jiraKey} to "${result.task.name}" (${result.task.url ?? result.link.taskGid})${mappings}; ${synced}`,
        result,
      );
      return 0;
    }
    case 'links': {
      const links = await listAllLinks(ctx);
      const rows = links.map(
        (l) =>
          `${l.jiraKey.padEnd(12)} ${l.taskGid.padEnd(20)} ${l.state.padEnd(8)} ${(l.lastSyncedAt ?? 'never synced').padEnd(24)} ${several ? l.mapping : ''}`,
      );
      const header = `${'JIRA'.padEnd(12)} ${'TASK'.padEnd(20)} ${'STATE'.padEnd(8)} ${'LAST SYNC'.padEnd(24)} ${several ? 'MAPPING' : ''}`;
      print(links.length ? [header.trimEnd(), ...rows.map((r) => r.trimEnd())].join('\n') : 'No links yet.', links);
      return 0;
    }
    default: {
      const removed = await removeLinks(ctx, CLI_ACTOR, args[0]!, flags.mapping);
      print(removed.map((l) => `Unlinked ${l.jiraKey} from task ${l.taskGid}${under(l.mapping)}`).join('\n'), {
        removed: removed[0],
        ...(removed.length > 1 && { mappings: removed.map((l) => l.mapping) }),
      });
      return 0;
    }
  }
}
