import type { Ctx } from '../../../flows/context';
import { tryUrl } from './format';

/** A request's key linking to its timeline, then to its task and its Jira issue (new tabs, no referrer). */
export function RequestLinks({ ctx, jiraKey, taskId }: { ctx: Ctx; jiraKey: string; taskId: string }) {
  const outbound = [
    { text: 'task', more: `of ${jiraKey}`, url: tryUrl(() => ctx.tracker.tasks.taskUrl(taskId)) },
    { text: 'Jira', more: `issue ${jiraKey}`, url: tryUrl(() => ctx.jira.issueUrl(jiraKey)) },
  ];
  return (
    <>
      <a href={`/console/requests/${encodeURIComponent(jiraKey)}`}>{jiraKey}</a>
      {outbound.map(
        (link) =>
          link.url && (
            <>
              {' '}
              <a class="out" href={link.url} rel="noreferrer noopener" target="_blank">
                {link.text}
                <span class="sr"> {link.more} (opens a new tab)</span>
              </a>
            </>
          ),
      )}
    </>
  );
}
