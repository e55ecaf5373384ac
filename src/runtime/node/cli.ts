// The admin CLI: `npm run cli -- <command>`. Works on the same database and config as the
// server (it need not be running), so an admin can link issues from a shell.
import { parseArgs } from 'node:util';
import { processNextDelivery } from '../../inbox/process-delivery';
import { createLink, listAllLinks, removeLink } from '../../links/link-service';
import { systemClock } from '../../observability/clock';
import { createJsonLogger, describeError, silentLogger } from '../../observability/logger';
import { checkSetup } from '../../wiring/check-setup';
import { buildNodeRuntime, type NodeRuntime } from './build-node-runtime';

const USAGE = `Usage: npm run cli -- <command>

  link <JIRA-KEY> <TASK-GID>   link a Jira issue to a tracker task and sync it now
  links                        list links
  unlink <JIRA-KEY>            stop syncing an issue (the task keeps its values)
  check                        compare the config with the live Asana project and Jira fields

Options: --json  print JSON instead of text;  --verbose  print sync logs`;

const { values, positionals } = parseArgs({ allowPositionals: true, options: { json: { type: 'boolean' }, verbose: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
const [command, ...args] = positionals;
const print = (text: string, json: unknown) => console.log(values.json ? JSON.stringify(json, null, 2) : text);

async function run(runtime: NodeRuntime): Promise<number> {
  const { database, config, sync, missingSettings } = runtime;
  const deps = {
    db: database.db,
    config,
    clock: systemClock,
    sync,
    missingSettings,
    scheduler: { notify() {}, runNow: async (id: number) => void (sync && (await processNextDelivery(sync, id))) },
  };
  switch (command) {
    case 'link': {
      const [jiraKey, taskGid] = args;
      if (!jiraKey || !taskGid) return usage();
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
      const [jiraKey] = args;
      if (!jiraKey) return usage();
      const removed = await removeLink(deps, jiraKey);
      print(`Unlinked ${removed.jiraKey} from task ${removed.taskGid}`, removed);
      return 0;
    }
    case 'check': {
      if (!sync) throw new Error(`check needs Jira and Asana credentials: set ${missingSettings.join(', ')}`);
      const report = await checkSetup(sync);
      const text = report.problems.length
        ? `The config does not match Jira/Asana:\n${report.problems.map((p) => `  - ${p}`).join('\n')}`
        : `The config matches the Asana project and the Jira site.${report.notes.map((n) => `\n  ${n}`).join('')}`;
      print(text, report);
      return report.problems.length ? 1 : 0;
    }
    default:
      return usage();
  }
}

function usage(): number {
  console.error(USAGE);
  return 2;
}

if (values.help || !command) process.exit(usage());
const logger = values.verbose ? createJsonLogger((line) => console.error(line)) : silentLogger;
let runtime: NodeRuntime | undefined;
try {
  runtime = await buildNodeRuntime(process.env, systemClock, logger);
  process.exitCode = await run(runtime);
} catch (err) {
  console.error(`Error: ${describeError(err)}`);
  process.exitCode = 1;
} finally {
  runtime?.database.close();
}
