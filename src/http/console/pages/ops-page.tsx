import type { JobRow } from '../../../adapters/storage/schema';
import type { OperationsView } from '../../../flows/console/operations-view';
import { duration, when } from './format';
import { CsrfField, Page } from './layout';
import { DataTable } from './widgets';
import type { Viewer } from './viewer';

/** The admin's view: health, the queue, the stalled-sync alert, rate budgets, webhooks, dead letters. */
export function OpsPage({ session, view }: { session: Viewer; view: OperationsView }) {
  const { health, stalledSync } = view;
  const failed = view.backlog.reduce((n, b) => n + b.failed, 0);
  return (
    <Page title="Operations" session={session} current="ops">
      <section aria-labelledby="health">
        <h2 id="health">Health</h2>
        <ul class="facts">
          <li>
            Database: <strong>{health.database}</strong>
          </li>
          <li>
            Sync: <strong>{health.sync.state}</strong>
            {health.sync.state === 'paused' && ` (missing: ${health.sync.missing.join(', ')})`}
          </li>
          {health.status === 'ok' && (
            <li>
              Values the mapping could not place: {health.mappingGaps.unmappedUsers} users,{' '}
              {health.mappingGaps.unknownStatuses} statuses, {health.mappingGaps.unmappedValues} values
            </li>
          )}
        </ul>
        <p class={stalledSync.firing ? 'alert firing' : 'alert'} role={stalledSync.firing ? 'alert' : undefined}>
          <strong>Stalled-sync alert: {stalledSync.firing ? 'FIRING' : 'not firing'}.</strong> It fires when{' '}
          {stalledSync.condition}. Oldest pending delivery: {duration(stalledSync.oldestPendingAgeMs)}.
        </p>
      </section>

      <section aria-labelledby="backlog">
        <h2 id="backlog">Work queue</h2>
        {view.backlog.length === 0 ? (
          <p>Nothing pending or failed.</p>
        ) : (
          <DataTable
            caption="Jobs waiting or failed, by kind"
            columns={['Kind', { label: 'Pending', num: true }, 'Oldest pending', { label: 'Failed', num: true }]}
            rows={view.backlog.map((b) => [b.kind, b.pending, duration(b.oldestPendingAgeMs), b.failed])}
          />
        )}
      </section>

      <section aria-labelledby="budgets">
        <h2 id="budgets">Rate-limit budgets in use</h2>
        {view.rateBudgets.length === 0 ? (
          <p>No request sent yet since this process started.</p>
        ) : (
          <DataTable
            caption="Each upstream token's budget now"
            columns={['API', 'Tokens left', 'Reads in flight', 'Writes in flight', 'Paused (429)']}
            rows={view.rateBudgets.map((b) => [
              b.api,
              <>
                <meter min={0} max={b.burst} value={b.tokensLeft} aria-label={`${b.api} tokens left`}></meter>{' '}
                {b.tokensLeft} of {b.burst} ({b.requestsPerMinute}/min)
              </>,
              `${b.readsInFlight} of ${b.maxConcurrentReads}`,
              `${b.writesInFlight} of ${b.maxConcurrentWrites}`,
              b.pausedForMs ? duration(b.pausedForMs) : 'no',
            ])}
          />
        )}
      </section>

      <section aria-labelledby="webhooks">
        <h2 id="webhooks">Webhooks</h2>
        <DataTable
          caption="Where deliveries arrive, and the last one"
          columns={['From', 'Endpoint', 'Registration', 'Last delivery']}
          rows={[
            [
              'Jira',
              <code>{view.webhooks.jira.path}</code>,
              view.webhooks.jira.signed ? 'signed (JIRA_WEBHOOK_SECRET set)' : 'no secret set: deliveries are refused',
              when(view.webhooks.jira.lastDeliveryAt),
            ],
            [
              view.webhooks.tracker.kind,
              <code>{view.webhooks.tracker.path}</code>,
              view.webhooks.tracker.registered.length
                ? view.webhooks.tracker.registered
                    .map((h) => `project ${h.resourceId} since ${when(h.createdAt)}`)
                    .join('; ')
                : 'none registered',
              when(view.webhooks.tracker.lastEventAt),
            ],
          ]}
        />
      </section>

      <section aria-labelledby="dead">
        <h2 id="dead">Dead letters</h2>
        {view.deadLetters.length === 0 ? (
          <p>No dead letters.</p>
        ) : (
          <table>
            <caption>
              Jobs that failed every attempt ({failed}
              {failed > view.deadLetters.length ? `, the newest ${view.deadLetters.length} shown` : ''})
            </caption>
            <thead>
              <tr>
                <th scope="col">Job</th>
                <th scope="col">Kind</th>
                <th scope="col">Subject</th>
                <th scope="col">Last error</th>
                <th scope="col">Failed</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {view.deadLetters.map((job) => (
                <DeadLetterRow session={session} job={job} />
              ))}
            </tbody>
          </table>
        )}
      </section>
    </Page>
  );
}

const subjectOf = (job: JobRow) => String((job.payload as { issueKey?: unknown }).issueKey ?? job.key);

/** One dead letter with its replay and discard buttons (each a form with the CSRF token; htmx swaps the row). */
export function DeadLetterRow({ session, job, done }: { session: Viewer; job: JobRow; done?: string }) {
  return (
    <tr id={`job-${job.id}`}>
      <th scope="row">{job.id}</th>
      <td>{job.kind}</td>
      <td>{subjectOf(job)}</td>
      <td class="error">{job.lastError ?? ''}</td>
      <td>{when(job.finishedAt)}</td>
      <td>
        {done ? (
          <span role="status">{done}</span>
        ) : (
          <span class="actions">
            {(['replay', 'discard'] as const).map((action) => (
              <form
                method="post"
                action={`/console/jobs/${job.id}/${action}`}
                hx-post={`/console/jobs/${job.id}/${action}`}
                hx-target={`#job-${job.id}`}
                hx-swap="outerHTML"
              >
                <CsrfField session={session} />
                <button type="submit" class={action}>
                  {action === 'replay' ? 'Replay' : 'Discard'}
                  <span class="sr"> job {job.id}</span>
                </button>
              </form>
            ))}
          </span>
        )}
      </td>
    </tr>
  );
}
