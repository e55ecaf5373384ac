import type { Ctx } from '../../../flows/context';
import type { RequestTimeline } from '../../../flows/console/request-timeline';
import { duration, when } from './format';
import { Page } from './layout';
import type { Viewer } from './viewer';
import { RequestLinks } from './request-links';

const KIND_LABEL = {
  'jira-change': 'Jira change',
  'sync-asked': 'Sync asked',
  'field-written': 'Field written',
  'notice-sent': 'Notice sent',
  commit: 'Commit',
  admin: 'Admin action',
} as const;

/** One request: its links, its flow, and its timeline in order. */
export function RequestPage({ ctx, session, timeline }: { ctx: Ctx; session: Viewer; timeline: RequestTimeline }) {
  const { flow, links, events } = timeline;
  return (
    <Page title={`${timeline.jiraKey}${flow?.summary ? `: ${flow.summary}` : ''}`} session={session}>
      <section aria-labelledby="links">
        <h2 id="links">Links</h2>
        {links.length === 0 ? (
          <p>Not linked any more.</p>
        ) : (
          <ul>
            {links.map((l) => (
              <li>
                <RequestLinks ctx={ctx} jiraKey={l.jiraKey} taskId={l.taskId} />: mapping {l.mapping}, {l.state}, linked{' '}
                {when(l.createdAt)}, last synced {when(l.lastSyncedAt)}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="flow">
        <h2 id="flow">Flow</h2>
        {flow ? (
          <dl class="facts">
            <dt>Status</dt>
            <dd>
              {flow.status} for {duration(ctx.clock.now() - flow.statusSince)}
            </dd>
            <dt>Created</dt>
            <dd>{when(flow.createdAt)}</dd>
            <dt>Started</dt>
            <dd>{when(flow.startedAt)}</dd>
            <dt>Done</dt>
            <dd>{when(flow.doneAt)}</dd>
            <dt>Lead time</dt>
            <dd>{duration(flow.leadMs)}</dd>
            <dt>Cycle time</dt>
            <dd>{duration(flow.cycleMs)}</dd>
            <dt>Blocked</dt>
            <dd>{duration(flow.blockedMs)}</dd>
            <dt>Reopened</dt>
            <dd>{flow.reopenings}x</dd>
            <dt>Due</dt>
            <dd>{flow.dueDate ?? '—'}</dd>
            <dt>Forecast</dt>
            <dd>{flow.forecastP85 ? `85% likely done by ${when(flow.forecastP85).slice(0, 10)}` : '—'}</dd>
          </dl>
        ) : (
          <p>Not computed yet: the flow refresh fills it in after the next change.</p>
        )}
      </section>
      <section aria-labelledby="timeline">
        <h2 id="timeline">Timeline</h2>
        {events.length === 0 ? (
          <p>Nothing recorded yet.</p>
        ) : (
          <ol class="timeline">
            {events.map((e) => (
              <li class={`event ${e.kind}`}>
                <time datetime={new Date(e.at).toISOString()}>{when(e.at)}</time>{' '}
                <span class="kind">{KIND_LABEL[e.kind]}</span> <strong>{e.title}</strong>{' '}
                <span class="actor">
                  by {e.actor}
                  {e.mapping ? ` (mapping ${e.mapping})` : ''}
                </span>
                {e.detail.length > 0 && (
                  <ul>
                    {e.detail.map((line) => (
                      <li class="detail">{line}</li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ol>
        )}
      </section>
    </Page>
  );
}
