// The admin CLI: `npm run cli -- <command>`. Works on the same database and config as the
// server (it need not be running), so an admin can link issues from a shell.
import { processNextDelivery } from '../../flows/sync/process-delivery';
import { createLink, listAllLinks, removeLink } from '../../flows/links/link-service';
import { systemClock } from '../../platform/clock/clock';
import { createJsonLogger, describeError, silentLogger, type Logger } from '../../platform/log/logger';
import { discardDelivery, publicDelivery, replayDeliveries } from '../../work/dead-letters';
import { findDelivery, listDeliveries } from '../../adapters/storage/deliveries-repo';
import { backfill } from '../../flows/backfill/backfill';
import { reconcile } from '../../flows/reconcile/reconcile';
import { registerJiraWebhook } from '../../flows/setup/register-jira-webhook';
import { registerTrackerWebhook } from '../../flows/setup/register-tracker-webhook';
import { autoLinkScan } from '../../flows/links/auto-link';
import { checkSetup } from '../../flows/setup/check-setup';
import { buildNodeRuntime, type NodeRuntime } from './build-node-runtime';
import { parseCli, UsageError, type CliInvocation } from './cli-args';
import { progressBar, USAGE } from './cli-text';
import { usersCommand } from './cli-users';
import { parseEnv } from '../../platform/config/env';
import { backupDatabase, restoreDatabase } from './backup';

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

async function run(runtime: NodeRuntime, logger: Logger): Promise<number> {
  const { database, config, sync, missingSettings } = runtime;
  const deps = {
    db: database.db,
    config,
    clock: systemClock,
    sync,
    missingSettings,
    logger,
    // The CLI applies what it queues at once, whether or not a server is running.
    scheduler: {
      notify: async (id: number) => void (sync && (await processNextDelivery(sync, id))),
      runNow: async (id: number) => void (sync && (await processNextDelivery(sync, id))),
      notifyTrackerEvent: () => {},
    },
  };
  switch (command) {
    case 'link': {
      if (flags.auto) {
        if (!sync) throw new Error(`link --auto needs Jira and Asana credentials: set ${missingSettings.join(', ')}`);
        const report = await autoLinkScan(sync, { dryRun: flags.dryRun });
        const found = report.found.map((f) => `\n  ${f.jiraKey} -> task ${f.taskId}`).join('');
        print(`Scanned ${report.scanned} issues: ${report.found.length} point at tracker tasks${flags.dryRun ? ' (dry run: nothing linked)' : `, ${report.linked} linked`}${found}`, report);
        return 0;
      }
      const [jiraKey = '', taskGid = ''] = args;
      const result = await createLink(deps, { jiraKey: jiraKey.toUpperCase(), taskGid });
      const synced = result.sync.status === 'done' ? `synced (${result.sync.outcome})` : `sync ${result.sync.status}: ${result.sync.error}`;
      print(`Linked ${result.link.jiraKey} to "${result.task.name}" (${result.task.url ?? result.link.taskGid}); ${synced}`, result);
      return 0;
    }
    case 'links': {
      const links = await listAllLinks(deps);
      const rows = links.map((l) => `${l.jiraKey.padEnd(12)} ${l.taskGid.padEnd(20)} ${l.state.padEnd(8)} ${l.lastSyncedAt ?? 'never synced'}`);
      print(links.length ? [`${'JIRA'.padEnd(12)} ${'TASK'.padEnd(20)} ${'STATE'.padEnd(8)} LAST SYNC`, ...rows].join('\n') : 'No links yet.', links);
      return 0;
    }
    case 'unlink': {
      const removed = await removeLink(deps, args[0]!);
      print(`Unlinked ${removed.jiraKey} from task ${removed.taskGid}`, removed);
      return 0;
    }
    case 'check': {
      if (!sync) throw new Error(`check needs Jira and Asana credentials: set ${missingSettings.join(', ')}`);
      const report = await checkSetup(sync);
      const text = report.problems.length
        ? `The config does not match Jira/Asana:\n${report.problems.map((p) => `  - ${p}`).join('\n')}`
        : `The config matches the Asana project and the Jira site.${report.notes.map((n) => `\n  ${n}`).join('')}`;
      const gaps = report.gaps.length ? `\nMapping gaps (these fields are left unchanged):\n${report.gaps.map((g) => `  - ${g}`).join('\n')}` : '';
      print(text + gaps, report);
      return report.problems.length || report.gaps.length ? 1 : 0;
    }
    case 'deliveries': {
      const status = flags.status as 'pending' | 'done' | 'failed' | undefined;
      const rows = (await listDeliveries(database.db, status, 100)).map(publicDelivery);
      const lines = rows.map((d) => `${String(d.id).padEnd(6)} ${d.status.padEnd(8)} ${d.issueKey.padEnd(10)} ${String(d.attempts).padEnd(3)} ${d.lastError ?? d.outcome ?? ''}`);
      print(rows.length ? [`${'ID'.padEnd(6)} ${'STATUS'.padEnd(8)} ${'ISSUE'.padEnd(10)} TRY OUTCOME / LAST ERROR`, ...lines].join('\n') : 'No deliveries.', rows);
      return 0;
    }
    case 'delivery': {
      const row = await findDelivery(database.db, Number(args[0]));
      if (!row) throw new Error(`No delivery ${args[0]} (npm run cli -- deliveries lists them)`);
      print(JSON.stringify(publicDelivery(row), null, 2), publicDelivery(row));
      return 0;
    }
    case 'replay': {
      const replayed = await replayDeliveries(deps, flags.all ? undefined : [Number(args[0])]);
      const after = await Promise.all(replayed.map((id) => findDelivery(database.db, id)));
      print(`Replayed ${replayed.length}: ${after.map((d) => `${d?.id} ${d?.status}`).join(', ') || 'nothing failed'}`, after.map((d) => d && publicDelivery(d)));
      return after.some((d) => d?.status === 'failed') ? 1 : 0;
    }
    case 'discard': {
      print(`Discarded delivery ${await discardDelivery(deps, Number(args[0]))}`, { discarded: Number(args[0]) });
      return 0;
    }
    case 'backfill': {
      if (!sync) throw new Error(`backfill needs Jira and Asana credentials: set ${missingSettings.join(', ')}`);
      const dryRun = flags.dryRun;
      const summary = await backfill(sync, {
        dryRun,
        force: flags.force,
        restart: flags.restart,
        onProgress: ({ done, total, jiraKey, outcome, changes }) => {
          if (dryRun && changes.length) console.log(`${jiraKey}: would write ${changes.join(', ')}`);
          progressBar(done, total, `${jiraKey} ${outcome}`);
        },
      });
      process.stderr.write('\n');
      const counts = Object.entries(summary.outcomes).map(([k, n]) => `${n} ${k}`).join(', ') || 'nothing to do';
      const resumed = summary.skippedAsDone ? ` (resumed: ${summary.skippedAsDone} already done)` : '';
      const failures = summary.failed.map((f) => `\n  ${f.jiraKey}: ${f.error}`).join('');
      print(`${dryRun ? 'Dry run: ' : ''}${summary.total} links: ${counts}${resumed}${failures}`, summary);
      return summary.failed.length ? 1 : 0;
    }
    case 'asana-webhook':
    case 'jira-webhook': {
      if (!sync) throw new Error(`${command} needs Jira and Asana credentials: set ${missingSettings.join(', ')}`);
      if (command === 'asana-webhook') {
        const [, projectGid = '', publicUrl = ''] = args;
        const result = await registerTrackerWebhook(sync, projectGid, publicUrl, { replace: flags.replace });
        const said = { created: 'created', replaced: 'replaced (new secret)', exists: 'already registered' }[result.status];
        print(`Asana webhook ${said} for project ${projectGid} -> ${result.target}${result.hint ? `\n  Note: ${result.hint}` : ''}`, result);
      } else {
        const result = await registerJiraWebhook(sync, runtime.env, args[1]!);
        print(`Jira webhook ${result.status} -> ${result.url} (JQL: ${result.jql})`, result);
      }
      return 0;
    }
    case 'backup': {
      const result = await backupDatabase(database.db, runtime.env.DATABASE_URL, args[0]!, flags.force);
      print(`Backed up the database to ${result.file} (${Math.round(result.bytes / 1024)} KiB), consistent as of now; the server may keep running`, result);
      return 0;
    }
    case 'users':
      return usersCommand({ db: database.db, config, clock: systemClock }, args, print);
    case 'reconcile': {
      if (!sync) throw new Error(`reconcile needs Jira and Asana credentials: set ${missingSettings.join(', ')}`);
      const report = await reconcile(sync, deps.scheduler);
      print(`Scanned ${report.scanned} issues updated since ${report.since}: ${report.drifted} behind, ${report.enqueued} synced`, report);
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
    print(`Restored ${result.restored} (${result.links} links) from ${args[0]}${result.previous ? `; the previous database is kept as ${result.previous}` : ''}. Start the server: it applies any newer migrations.`, result);
    process.exit(0);
  } catch (err) {
    console.error(`Error: ${describeError(err)}`);
    process.exit(1);
  }
}
const logger = flags.verbose ? createJsonLogger((line) => console.error(line)) : silentLogger;
let runtime: NodeRuntime | undefined;
try {
  runtime = await buildNodeRuntime(process.env, systemClock, logger);
  process.exitCode = await run(runtime, logger);
} catch (err) {
  console.error(`Error: ${describeError(err)}`);
  process.exitCode = 1;
} finally {
  runtime?.database.close();
}
