import type { PublicAuditEntry } from '../../../adapters/storage/audit-repo';
import { Page } from './layout';
import { DataTable } from './widgets';
import type { Viewer } from './viewer';

/** The search as typed in the form: only the fields filled in. */
export type AuditSearch = Partial<Record<'jiraKey' | 'actor' | 'action' | 'field' | 'from' | 'to', string>>;

const FIELDS: Array<[keyof AuditSearch, string, string]> = [
  ['jiraKey', 'Jira issue', 'ABC-123'],
  ['actor', 'Actor (or its start)', 'jira: or admin:'],
  ['action', 'Action', 'field-written'],
  ['field', 'Tracker field', 'Delivery status'],
  ['from', 'From (ISO time)', '2026-11-01T00:00Z'],
  ['to', 'To (ISO time)', '2026-12-01T00:00Z'],
];

/** The audit trail searched (a page of 100 at a time), and the same search exported as CSV. */
export function AuditPage(props: {
  session: Viewer;
  search: AuditSearch;
  entries: PublicAuditEntry[];
  nextCursor: number | null;
}) {
  const csv = `/console/audit/export?${new URLSearchParams(props.search)}`;
  const next =
    props.nextCursor === null
      ? null
      : `/console/audit?${new URLSearchParams({ ...props.search, cursor: String(props.nextCursor) })}`;
  return (
    <Page title="Audit trail" session={props.session} current="audit">
      <form method="get" action="/console/audit" class="filters" aria-label="Search the audit trail">
        {FIELDS.map(([name, label, example]) => (
          <span class="field">
            <label for={`a-${name}`}>{label}</label>
            <input id={`a-${name}`} name={name} value={props.search[name] ?? ''} placeholder={example} />
          </span>
        ))}
        <button type="submit">Search</button>
      </form>
      <p>
        <a href={csv} download>
          Export this search as CSV
        </a>
      </p>
      {props.entries.length === 0 ? (
        <p>No entries match.</p>
      ) : (
        <DataTable
          caption={`Entries, oldest first (${props.entries.length} on this page)`}
          columns={['When', 'Action', 'Actor', 'Request', 'Field', 'Old → new', 'Rule']}
          rows={props.entries.map((e) => [
            e.at.slice(0, 19).replace('T', ' '),
            e.action,
            e.actor,
            e.jiraKey && <a href={`/console/requests/${encodeURIComponent(e.jiraKey)}`}>{e.jiraKey}</a>,
            e.field ?? '',
            e.action === 'field-written' ? `${JSON.stringify(e.old)} → ${JSON.stringify(e.new)}` : '',
            e.rule ?? '',
          ])}
        />
      )}
      {next && (
        <p>
          <a href={next} rel="next">
            Next page
          </a>
        </p>
      )}
    </Page>
  );
}
