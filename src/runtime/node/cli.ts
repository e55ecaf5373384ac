// The admin CLI: `npm run cli -- <command>`. Works on the same database and config as the
// server (it need not be running), so an admin can link issues from a shell.
import { findJob } from '../../adapters/storage/jobs-repo';
import { listJobs } from '../../adapters/storage/jobs-admin-repo';
import { requireCredentials } from '../../flows/context';
import { backfill } from '../../flows/backfill/backfill';
import { reconcile } from '../../flows/reconcile/reconcile';
import { checkSetup } from '../../flows/setup/check-setup';
import { registerJiraWebhook } from '../../flows/setup/register-jira-webhook';
import { registerTrackerWebhook } from '../../flows/setup/register-tracker-webhook';
import { JIRA_DELIVERY, publicDelivery } from '../../flows/jobs/delivery-job';
import { systemClock } from '../../platform/clock/clock';
import { parseEnv } from '../../platform/config/env';
import { createJsonLogger, describeError, silentLogger } from '../../platform/log/logger';
import type { Dispatcher } from '../../work/work';
import { backupDatabase, restoreDatabase } from './backup';
import { buildNodeRuntime, type NodeRuntime } from './build-node-runtime';
import { parseCli, UsageError, type CliInvocation } from './cli-args';
import { progressBar, USAGE } from './cli-text';
import { mappingCommand } from './cli-mapping';
import { usersCommand } from './cli-users';
import { linksCommand } from './cli-links';
import { auditCommand, tokensCommand } from './cli-audit';
import { flowCommand } from './cli-flow';
import { reportCommand } from './cli-report';
import { CLI_ACTOR } from '../../flows/audit/audit-trail';
import { discardAs, replayAs } from '../../flows/admin/dead-letter-actions';

let invocation: CliInvocation;
try {
  invocation = parseCli(process.argv.slice(2));
} catch (err) {
  if (!(err instanceof UsageError)) throw err;
  // A wrong command line is told before anything is opened or asked over the network.
  console.error(`Error: ${err.message}\n\n${USAGE}`);
  process.exit(2);
}
const { command, args, flags } = invocation;
const print = (text: string, json: unknown) => console.log(flags.json ? JSON.stringify(json, null, 2) : text);

async function run(runtime: NodeRuntime): Promise<number> {
  const { database, ctx } = runtime;
  const findDelivery = async (id: number) => {
    const row = await findJob(database.db, id);
    return row?.kind === JIRA_DELIVERY ? row : undefined;
  };
  switch (command) {
    case 'link':
    case 'links':
    case 'unlink':
      return linksCommand(ctx, invocation, print);
    case 'check': {
      requireCredentials(ctx, 'check');
      const report = await checkSetup(ctx);
      const text = report.problems.length
        ? `The config does not match Jira/Asana:\n${report.problems.map((p) => `  - ${p}`).join('\n')}`
        : `The config matches the ${ctx.tracker.name} project${ctx.mappingNames.length > 1 ? 's' : ''} and the Jira site.${report.notes.map((n) => `\n  ${n}`).join('')}`;
      const gaps = report.gaps.length
        ? `\nMapping gaps (these fields are left unchanged):\n${report.gaps.map((g) => `  - ${g}`).join('\n')}`
        : '';
      print(text + gaps, report);
      return report.problems.length || report.gaps.length ? 1 : 0;
    }
    case 'deliveries': {
      const status = flags.status as 'pending' | 'done' | 'failed' | undefined;
      const rows = (await listJobs(database.db, { kind: JIRA_DELIVERY, status }, 100)).map(publicDelivery);
      const lines = rows.map(
        (d) =>
          `${String(d.id).padEnd(6)} ${d.status.padEnd(8)} ${d.issueKey.padEnd(10)} ${String(d.attempts).padEnd(3)} ${d.lastError ?? d.outcome ?? ''}`,
      );
      print(
        rows.length
          ? [`${'ID'.padEnd(6)} ${'STATUS'.padEnd(8)} ${'ISSUE'.padEnd(10)} TRY OUTCOME / LAST ERROR`, ...lines].join(
              '\n',
            )
          : 'No deliveries.',
        rows,
      );
      return 0;
    }
    case 'delivery': {
      const row = await findDelivery(Number(args[0]));
      if (!row) throw new Error(`No delivery ${args[0]} (npm run cli -- deliveries lists them)`);
      print(JSON.stringify(publicDelivery(row), null, 2), publicDelivery(row));
      return 0;
    }
    case 'replay': {
      const replayed = await replayAs(ctx, CLI_ACTOR, JIRA_DELIVERY, flags.all ? undefined : [Number(args[0])]);
      const after = await Promise.all(replayed.map((id) => findDelivery(id)));
      print(
        `Replayed ${replayed.length}: ${after.map((d) => `${d?.id} ${d?.status}`).join(', ') || 'nothing failed'}`,
        after.map((d) => d && publicDelivery(d)),
      );
      return after.some((d) => d?.status === 'failed') ? 1 : 0;
    }
    case 'discard': {
      const discarded = await discardAs(ctx, CLI_ACTOR, JIRA_DELIVERY, Number(args[0]));
      print(`Discarded delivery ${discarded}`, {
        discarded: Number(args[0]),
      });
      return 0;
    }
    case 'backfill': {
      requireCredentials(ctx, 'backfill');
      const dryRun = flags.dryRun;
      const summary = await backfill(ctx, {
        dryRun,
        force: flags.force,
        restart: flags.restart,
        onProgress: ({ done, total, jiraKey, outcome, changes }) => {
          if (dryRun && changes.length) console.log(`${jiraKey}: would write ${changes.join(', ')}`);
          progressBar(done, total, `${jiraKey} ${outcome}`);
        },
      });
      process.stderr.write('\n');
      const counts =
        Object.entries(summary.outcomes)
          .map(([k, n]) => `${n} ${k}`)
          .join(', ') || 'nothing to do';
      const resumed = summary.skippedAsDone ? ` (resumed: ${summary.skippedAsDone} already done)` : '';
      const failures = summary.failed.map((f) => `\n  ${f.jiraKey}: ${f.error}`).join('');
      print(`${dryRun ? 'Dry run: ' : ''}${summary.total} links: ${counts}${resumed}${failures}`, summary);
      return summary.failed.length ? 1 : 0;
    }
    case 'asana-webhook':
    case 'jira-webhook': {
      requireCredentials(ctx, command);
      if (command === 'asana-webhook') {
        const [, projectGid = '', publicUrl = ''] = args;
        const result = await registerTrackerWebhook(ctx, projectGid, publicUrl, { replace: flags.replace });
        const said = { created: 'created', replaced: 'replaced (new secret)', exists: 'already registered' }[
          result.status
        ];
        print(
          `Asana webhook ${said} for project ${projectGid} -> ${result.target}${result.hint ? `\n  Note: ${result.hint}` : ''}`,
          result,
        );
      } else {
        const result = await registerJiraWebhook(ctx, runtime.env, args[1]!);
        print(`Jira webhook ${result.status} -> ${result.url} (JQL: ${result.jql})`, result);
      }
      return 0;
    }
    case 'backup': {
      const result = await backupDatabase(database.db, runtime.env.DATABASE_URL, args[0]!, flags.force);
      print(
        `Backed up the database to ${result.file} (${Math.round(result.bytes / 1024)} KiB), consistent as of now; the server may keep running`,
        result,
      );
      return 0;
    }
    case 'users':
      return usersCommand(ctx, args, print);
    case 'audit':
      return auditCommand(ctx, invocation, print);
    case 'tokens':
      return tokensCommand(ctx, invocation, print);
    case 'flow':
      return flowCommand(ctx, invocation, print);
    case 'report':
      return reportCommand(ctx, invocation, print);
    case 'projects':
    case 'fields':
    case 'setup':
    case 'preview':
      requireCredentials(ctx, command);
      return mappingCommand(ctx, command, invocation, print);
    case 'reconcile': {
      requireCredentials(ctx, 'reconcile');
      const report = await reconcile(ctx);
      print(
        `Scanned ${report.scanned} issues updated since ${report.since}: ${report.drifted} behind, ${report.enqueued} synced`,
        report,
      );
      return 0;
    }
    default:
      console.log(USAGE);
      return 0;
  }
}

if (command === 'help') {
  console.log(USAGE);
  process.exit(0);
}
if (command === 'restore') {
  // Before anything opens the database: the file is about to be replaced.
  try {
    const result = await restoreDatabase(parseEnv(process.env).DATABASE_URL, args[0]!, Date.now());
    print(
      `Restored ${result.restored} (${result.links} links) from ${args[0]}${result.previous ? `; the previous database is kept as ${result.previous}` : ''}. Start the server: it applies any newer migrations.`,
      result,
    );
    process.exit(0);
  } catch (err) {
    console.error(`Error: ${describeError(err)}`);
    process.exit(1);
  }
}
const logger = flags.verbose ? createJsonLogger((line) => console.error(line)) : silentLogger;
let runtime: NodeRuntime | undefined;
// The CLI runs what it queues at once (a sync it asked for), whether or not a server is running.
const inline: Dispatcher = {
  async dispatch(jobs, at) {
    if (!runtime || runtime.ctx.missing.length || at > systemClock.now()) return;
    for (const job of jobs) await runtime.ctx.work.runNow(job.id);
  },
};
try {
  runtime = await buildNodeRuntime(process.env, systemClock, logger, inline);
  process.exitCode = await run(runtime);
} catch (err) {
  console.error(`Error: ${describeError(err)}`);
  process.exitCode = 1;
} finally {
  await runtime?.database.close();
}
