import type { Ctx } from '../../../flows/context';
import type { DashboardView } from '../../../flows/console/dashboard-view';
import { day } from './format';
import { Page } from './layout';
import type { Viewer } from './viewer';
import { RequestLinks } from './request-links';
import { Chart, DataTable, ListSection, PeriodSelect, Select } from './widgets';

const REQUESTS = { label: 'Requests', num: true } as const;

/** Rows of the lists shown in full; the rest is counted. */
const LIST_ROWS = 50;

/** The portfolio: where requests stand, how work flows, and what is old, blocked or late. */
export function DashboardPage({ ctx, session, view }: { ctx: Ctx; session: Viewer; view: DashboardView }) {
  const { dashboard: d, filters, choices } = view;
  const cfd = d.cumulativeFlow;
  return (
    <Page title="Portfolio" session={session} current="dashboard">
      <form method="get" action="/console" class="filters" aria-label="Filters">
        <Select name="mapping" label="Mapping" value={filters.mapping} options={choices.mappings} all="All mappings" />
        <Select
          name="project"
          label="Jira project"
          value={filters.project}
          options={choices.projects}
          all="All projects"
        />
        {choices.requesters.length > 0 && (
          <Select
            name="requester"
            label="Requester"
            value={filters.requester}
            options={choices.requesters}
            all="All requesters"
          />
        )}
        <PeriodSelect value={filters.weeks} />
        <button type="submit">Apply</button>
      </form>

      <section aria-labelledby="stand">
        <h2 id="stand">Where requests stand</h2>
        <p class="totals">
          <strong>{d.totals.requests}</strong> requests: <strong>{d.totals.open}</strong> open,{' '}
          <strong>{d.totals.done}</strong> done.
        </p>
        <div class="cols">
          <DataTable caption="By stage" columns={['Stage', REQUESTS]} rows={d.byStage.map((s) => [s.stage, s.count])} />
          <DataTable
            caption="By Jira status"
            columns={['Status', 'Stage', REQUESTS]}
            rows={d.byStatus.map((s) => [s.status, s.stage, s.count])}
          />
        </div>
      </section>

      <section aria-labelledby="cfd">
        <h2 id="cfd">Cumulative flow</h2>
        <Chart
          kind="cfd"
          label="Cumulative flow diagram: requests to do, in progress and done at the end of each day"
          values={cfd}
        />
        <details>
          <summary>Cumulative flow as a table (each Monday)</summary>
          <DataTable
            columns={[
              'Day',
              { label: 'To do', num: true },
              { label: 'In progress', num: true },
              { label: 'Done', num: true },
            ]}
            rows={cfd.days.flatMap((at, i) =>
              i % 7 === 0 || i === cfd.days.length - 1 ? [[day(at), cfd.toDo[i], cfd.inProgress[i], cfd.done[i]]] : [],
            )}
          />
        </details>
      </section>

      <section aria-labelledby="cycle">
        <h2 id="cycle">Cycle time</h2>
        <p>
          {d.cycleTime.points.length} requests done in the period. 50% took at most{' '}
          <strong>{d.cycleTime.p50 ?? '—'} d</strong>, 85% at most <strong>{d.cycleTime.p85 ?? '—'} d</strong>, 95% at
          most <strong>{d.cycleTime.p95 ?? '—'} d</strong>.
        </p>
        <Chart
          kind="scatter"
          label="Cycle time scatter: each done request by the day it was done and its cycle time in days, with the 50th, 85th and 95th percentile lines"
          values={{
            points: d.cycleTime.points.map((p) => [p.doneAt, p.days]),
            p50: d.cycleTime.p50,
            p85: d.cycleTime.p85,
            p95: d.cycleTime.p95,
          }}
        />
      </section>

      <section aria-labelledby="throughput">
        <h2 id="throughput">Throughput per week</h2>
        <Chart
          kind="throughput"
          label="Requests done per week"
          values={d.throughput.map((w) => [w.weekStart, w.done])}
        />
        <details>
          <summary>Throughput as a table</summary>
          <DataTable
            columns={['Week of', { label: 'Done', num: true }]}
            rows={d.throughput.map((w) => [day(w.weekStart), w.done])}
          />
        </details>
      </section>

      <section aria-labelledby="ageing">
        <h2 id="ageing">Work in progress ageing</h2>
        <Chart
          kind="ageing"
          label="Work in progress ageing: each started request by its status and days since it started"
          values={{
            statuses: [...new Set(d.ageing.map((a) => a.status))],
            points: d.ageing.map((a) => [a.status, a.ageDays, a.jiraKey]),
          }}
        />
        <ListSection title="Oldest work in progress" rows={d.ageing} limit={LIST_ROWS} empty="Nothing in progress.">
          {(r) => [
            <RequestLinks ctx={ctx} jiraKey={r.jiraKey} taskId={r.taskId} />,
            r.summary,
            r.status,
            `${r.ageDays} d`,
          ]}
        </ListSection>
      </section>

      <section aria-labelledby="blocked">
        <h2 id="blocked">Blocked</h2>
        <ListSection title="Blocked requests" rows={d.blocked} limit={LIST_ROWS} empty="Nothing is blocked.">
          {(r) => [
            <RequestLinks ctx={ctx} jiraKey={r.jiraKey} taskId={r.taskId} />,
            r.summary,
            r.status,
            `${r.blockedDays} d`,
          ]}
        </ListSection>
      </section>

      <section aria-labelledby="overdue">
        <h2 id="overdue">Overdue</h2>
        <ListSection
          title="Requests past their due date"
          rows={d.overdue}
          limit={LIST_ROWS}
          empty="Nothing is overdue."
        >
          {(r) => [
            <RequestLinks ctx={ctx} jiraKey={r.jiraKey} taskId={r.taskId} />,
            r.summary,
            r.status,
            `${r.dueDate} (${r.daysLate} d late)`,
          ]}
        </ListSection>
      </section>
    </Page>
  );
}
