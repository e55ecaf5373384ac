import { parseArgs } from 'node:util';
import { publicUrlProblem } from '../../platform/config/public-url';

/** A command line that was checked before anything touched the network or the database. */
export interface CliInvocation {
  command: string;
  args: string[];
  flags: {
    json: boolean;
    verbose: boolean;
    all: boolean;
    status?: string | undefined;
    /** The config mapping a command works on (link, unlink, preview, check, setup, fields); by default all that fit. */
    mapping?: string | undefined;
    /** `audit`: filters, and the export format. */
    field?: string | undefined;
    actor?: string | undefined;
    since?: string | undefined;
    until?: string | undefined;
    format?: string | undefined;
    limit?: string | undefined;
    /** `flow`: the weeks the portfolio report covers. */
    weeks?: string | undefined;
    /** `tokens create`: a token that may only read. */
    readOnly: boolean;
    dryRun: boolean;
    force: boolean;
    restart: boolean;
    auto: boolean;
    replace: boolean;
    help: boolean;
  };
}

/** A wrong command line: the message says what, and the usage follows. */
export class UsageError extends Error {}

const JIRA_KEY = /^[A-Za-z][A-Za-z0-9_]+-\d+$/;
const GID = /^\d+$/;
const ID = /^[1-9]\d{0,15}$/;

type Check = (value: string | undefined) => string | null;
const required =
  (what: string, pattern: RegExp, example: string): Check =>
  (v) =>
    v === undefined ? `missing ${what}` : pattern.test(v) ? null : `${what} must look like ${example}, got "${v}"`;
const jiraKey = required('<JIRA-KEY>', JIRA_KEY, 'ABC-123');
const taskGid = required('<TASK-GID>', GID, 'a numeric Asana gid such as 1208765432101234');
const projectGid = required('<PROJECT-GID>', GID, 'a numeric Asana gid such as 1200000000000001');
const deliveryId = required('<ID>', ID, 'a delivery number such as 42');
const accountId = required(
  '<JIRA-ACCOUNT-ID>',
  /^[\w:.-]{1,128}$/,
  'a Jira account id such as 5b10ac8d82e05b22cc7d4ef5',
);
const tokenName = required('<NAME>', /^[a-z0-9][a-z0-9._-]{0,63}$/, 'a token name such as ci-reader');
const trackerUser = required('<TRACKER-USER-ID>', GID, 'a numeric Asana user gid');
const publicUrl: Check = (v) =>
  v === undefined ? 'missing <PUBLIC-URL>' : publicUrlProblem(v) && `<PUBLIC-URL> ${publicUrlProblem(v)}`;

/** What each command takes, checked before the runtime is built. */
function checksFor(command: string, args: string[], flags: CliInvocation['flags']): Check[] | null {
  switch (command) {
    case 'link':
      return flags.auto ? [] : [jiraKey, taskGid];
    case 'unlink':
    case 'preview':
      return [jiraKey];
    case 'flow':
      return args.length ? [jiraKey] : [];
    case 'report':
      return args.length ? [sub('history')] : [];
    case 'delivery':
    case 'discard':
      return [deliveryId];
    case 'replay':
      return flags.all ? [] : [deliveryId];
    case 'links':
    case 'check':
    case 'projects':
    case 'fields':
    case 'setup':
    case 'deliveries':
    case 'backfill':
    case 'reconcile':
      return [];
    case 'asana-webhook':
      return [sub('register'), projectGid, publicUrl];
    case 'jira-webhook':
      return [sub('register'), publicUrl];
    case 'backup':
    case 'restore':
      return [required('<FILE>', /^[^\0]+$/, 'a file path')];
    case 'audit':
      return args.length ? [jiraKey] : [];
    case 'tokens':
      if (args[0] === 'create') return [sub('create'), tokenName];
      if (args[0] === 'revoke') return [sub('revoke'), tokenName];
      return [];
    case 'users':
      if (args[0] === 'map') return [sub('map'), accountId, trackerUser];
      if (args[0] === 'unmap') return [sub('unmap'), accountId];
      return [];
    default:
      return null;
  }
}

const sub =
  (name: string): Check =>
  (v) =>
    v === name ? null : `expected "${name}"${v === undefined ? '' : `, got "${v}"`}`;

/** Parses and checks the command line; throws UsageError naming what is wrong. */
export function parseCli(argv: string[]): CliInvocation {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: 'boolean' },
        verbose: { type: 'boolean' },
        all: { type: 'boolean' },
        status: { type: 'string' },
        mapping: { type: 'string' },
        field: { type: 'string' },
        actor: { type: 'string' },
        since: { type: 'string' },
        until: { type: 'string' },
        format: { type: 'string' },
        limit: { type: 'string' },
        weeks: { type: 'string' },
        'read-only': { type: 'boolean' },
        'dry-run': { type: 'boolean' },
        force: { type: 'boolean' },
        restart: { type: 'boolean' },
        auto: { type: 'boolean' },
        replace: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  const flags = {
    json: values.json ?? false,
    verbose: values.verbose ?? false,
    all: values.all ?? false,
    status: values.status,
    mapping: values.mapping,
    field: values.field,
    actor: values.actor,
    since: values.since,
    until: values.until,
    format: values.format,
    limit: values.limit,
    weeks: values.weeks,
    readOnly: values['read-only'] ?? false,
    dryRun: values['dry-run'] ?? false,
    force: values.force ?? false,
    restart: values.restart ?? false,
    auto: values.auto ?? false,
    replace: values.replace ?? false,
    help: values.help ?? false,
  };
  const [command = '', ...args] = positionals;
  if (flags.help || !command) return { command: 'help', args: [], flags };
  const checks = checksFor(command, args, flags);
  if (!checks) throw new UsageError(`Unknown command "${command}"`);
  const problems = checks.map((check, i) => check(args[i])).filter((p): p is string => p !== null);
  if (args.length > checks.length)
    problems.push(
      `unexpected argument${args.length - checks.length > 1 ? 's' : ''}: ${args.slice(checks.length).join(' ')}`,
    );
  if (flags.status !== undefined && !['pending', 'done', 'failed'].includes(flags.status))
    problems.push(`--status must be pending, done or failed, got "${flags.status}"`);
  if (flags.mapping !== undefined && !/^[a-z0-9][a-z0-9-]{0,39}$/.test(flags.mapping))
    problems.push(`--mapping must name a mapping of the config, such as "default", got "${flags.mapping}"`);
  for (const [flag, value] of [
    ['--since', flags.since],
    ['--until', flags.until],
  ] as const)
    if (value !== undefined && Number.isNaN(Date.parse(value)))
      problems.push(`${flag} must be an ISO 8601 time such as 2026-12-01T00:00:00Z, got "${value}"`);
  if (flags.format !== undefined && !['csv', 'ndjson'].includes(flags.format))
    problems.push(`--format must be csv or ndjson, got "${flags.format}"`);
  if (flags.weeks !== undefined && !(/^\d{1,3}$/.test(flags.weeks) && +flags.weeks >= 1 && +flags.weeks <= 104))
    problems.push(`--weeks must be a number from 1 to 104, got "${flags.weeks}"`);
  if (flags.limit !== undefined && !/^[1-9]\d{0,5}$/.test(flags.limit))
    problems.push(`--limit must be a number from 1, got "${flags.limit}"`);
  if (problems.length) throw new UsageError(`${command}: ${problems.join('; ')}`);
  return { command, args, flags };
}
