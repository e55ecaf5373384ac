import type { PublicAuditEntry } from '../../../adapters/storage/audit-repo';
import { Page } from './layout';
import type { Viewer } from './viewer';

export interface AuditSearch {
  jiraKey?: string | undefined;
  actor?: string | undefined;
  action?: string | undefined;
  field?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

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
  const filled = Object.fromEntries(Object.entries(props.search).filter(([, v]) => v)) as Record<string, string>;
  const csv = `/console/audit/export?${new URLSearchParams(filled)}`;
  const next =
    props.nextCursor === null
      ? null
      : `/console/audit?${new URLSearchParams({ ...filled, cursor: String(props.nextCursor) })}`;
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
        <table>
          <caption>Entries, oldest first ({props.entries.length} on this page)</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Action</th>
              <th scope="col">Actor</th>
              <th scope="col">Request</th>
              <th scope="col">Field</th>
              <th scope="col">Old → new</th>
              <th scope="col">Rule</th>
            </tr>
          </thead>
          <tbody>
            {props.entries.map((e) => (
              <tr>
                <td>{e.at.slice(0, 19).replace('T', ' ')}</td>
                <td>{e.action}</td>
                <td>{e.actor}</td>
                <td>{e.jiraKey && <a href={`/console/requests/${encodeURIComponent(e.jiraKey)}`}>{e.jiraKey}</a>}</td>
                <td>{e.field ?? ''}</td>
                <td>{e.action === 'field-written' ? `${JSON.stringify(e.old)} → ${JSON.stringify(e.new)}` : ''}</td>
                <td>{e.rule ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
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
