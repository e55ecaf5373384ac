import type { Ctx } from '../../../flows/context';
import { tryUrl } from './format';

/** A request's key linking to its timeline, then to its task and its Jira issue (new tabs, no referrer). */
export function RequestLinks({ ctx, jiraKey, taskId }: { ctx: Ctx; jiraKey: string; taskId: string }) {
  const task = tryUrl(() => ctx.tracker.tasks.taskUrl(taskId));
  const issue = tryUrl(() => ctx.jira.issueUrl(jiraKey));
  return (
    <>
      <a href={`/console/requests/${encodeURIComponent(jiraKey)}`}>{jiraKey}</a>
      {task && (
        <>
          {' '}
          <a class="out" href={task} rel="noreferrer noopener" target="_blank">
            task<span class="sr"> of {jiraKey} (opens a new tab)</span>
          </a>
        </>
      )}
      {issue && (
        <>
          {' '}
          <a class="out" href={issue} rel="noreferrer noopener" target="_blank">
            Jira<span class="sr"> issue {jiraKey} (opens a new tab)</span>
          </a>
        </>
      )}
    </>
  );
}

/** A chart drawn in the browser from `values` (console.js); the table beside it says the same for everyone. */
export function Chart(props: { kind: string; label: string; values: unknown }) {
  return (
    <div
      class="chart"
      data-chart={props.kind}
      data-values={JSON.stringify(props.values)}
      role="img"
      aria-label={props.label}
    >
      <noscript>The chart needs JavaScript; the table below has its data.</noscript>
    </div>
  );
}
