// The CLI's usage text and progress bar.

export const USAGE = `Usage: npm run cli -- <command>

  link <JIRA-KEY> <TASK-GID>   link a Jira issue to a tracker task and sync it now
  links                        list links
  unlink <JIRA-KEY>            stop syncing an issue (the task keeps its values)
  check                        compare the config with the live Asana project and Jira fields
  preview <JIRA-KEY>           what the tracker task would hold for the issue, field by field, and why
  projects                     the tracker's workspaces and projects, with their ids (tracker.projectGid)
  fields                       the Jira site's fields (ids, names, types) and the tracker project's (options)
  setup [--dry-run]            give the tracker project the fields and options the config writes and it lacks
  deliveries [--status S]      list deliveries (S: pending, done, failed), newest first
  delivery <ID>                show one delivery
  replay <ID> | --all          give failed deliveries (dead letters) fresh attempts, and apply them now
  discard <ID>                 drop a failed delivery for good
  backfill [--dry-run] [--force] [--restart]
                               sync every link once (resumes an interrupted run); --dry-run
                               prints what would change, --force rewrites every mapped field
  reconcile                    ask Jira for recently updated issues and repair missed webhooks now
  link --auto [--dry-run]      link issues in scope whose remote links point at tracker tasks
  asana-webhook register <PROJECT-GID> <PUBLIC-URL> [--replace]
                               create the Asana webhook the commit trigger needs (a rerun is harmless);
                               --replace deletes it and creates a new one (a new secret)
  jira-webhook register <PUBLIC-URL>
                               register or update the Jira webhook (events, JQL for the scope, secret)
  backup <FILE> [--force]      a consistent copy of the embedded database, taken while the server runs
  restore <FILE>               load a backup in place of the embedded database (stop the server first)
  users                        Jira users and who they are in the tracker; who is unmapped, and why
  users map <JIRA-ACCOUNT-ID> <TRACKER-USER-ID>
                               map a Jira user by hand (needed where Jira hides their e-mail)
  users unmap <JIRA-ACCOUNT-ID>
                               remove a mapping
  audit [<JIRA-KEY>] [--field F] [--actor A] [--since T] [--until T] [--limit N] [--format csv|ndjson]
                               the audit trail, oldest first; --format exports every matching entry
  flow [--mapping M] [--weeks N]
                               throughput per week, cycle and lead time percentiles, work in progress, ageing
  flow <JIRA-KEY>              a request's flow: time in each status, lead and cycle time, blocked time
  report [--mapping M] [--dry-run]
                               post the newest due status update if it was not; --dry-run shows the next one
  report history               the status updates posted, newest first
  tokens                       named admin tokens (names, roles, last use)
  tokens create <NAME> [--read-only]
                               a new admin token, shown once (stored hashed)
  tokens revoke <NAME>         revoke a token

Options: --json  print JSON instead of text;  --verbose  print sync logs;
         --mapping NAME  link, unlink, preview, setup, fields, flow, report: that mapping only (default: every one that fits)
PUBLIC-URL is https://… (plain http:// only for localhost).`;

/** A one-line progress bar on stderr (stdout stays clean for --json). */
export function progressBar(done: number, total: number, label: string) {
  const width = 30;
  const filled = total ? Math.round((done / total) * width) : width;
  process.stderr.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${label}`.padEnd(80));
}
