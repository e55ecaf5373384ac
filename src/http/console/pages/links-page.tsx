import type { Ctx } from '../../../flows/context';
import type { LinksView } from '../../../flows/console/links-view';
import { when } from './format';
import { Page } from './layout';
import type { Viewer } from './viewer';
import { RequestLinks } from './request-links';
import { Select } from './widgets';

/** Links, a page at a time, with each one's sync state and drift; by default only those needing attention. */
export function LinksPage(props: {
  ctx: Ctx;
  session: Viewer;
  view: LinksView;
  query: { mapping?: string | undefined; attention: boolean };
}) {
  const { ctx, view, query } = props;
  const pageHref = (page: number) => {
    const q = new URLSearchParams({
      ...(query.mapping && { mapping: query.mapping }),
      attention: query.attention ? '1' : '0',
      page: String(page),
    });
    return `/console/links?${q}`;
  };
  return (
    <Page title="Links and drift" session={props.session} current="links">
      <form method="get" action="/console/links" class="filters" aria-label="Filters">
        <Select name="mapping" label="Mapping" value={query.mapping} options={ctx.mappingNames} all="All mappings" />
        <span class="field">
          <label for="f-attention">Show</label>
          <select id="f-attention" name="attention">
            <option value="1" selected={query.attention}>
              links that need attention
            </option>
            <option value="0" selected={!query.attention}>
              every link
            </option>
          </select>
        </span>
        <button type="submit">Apply</button>
      </form>
      {view.links.length === 0 ? (
        <p>{query.attention ? 'Every link is in sync.' : 'No links yet.'}</p>
      ) : (
        <table>
          <caption>
            {view.total} links{query.attention ? ' need attention' : ''}; page {view.page} of {view.pages}
          </caption>
          <thead>
            <tr>
              <th scope="col">Request</th>
              <th scope="col">Mapping</th>
              <th scope="col">Sync state</th>
              <th scope="col">Last synced</th>
              <th scope="col">Drift: field and reason</th>
            </tr>
          </thead>
          <tbody>
            {view.links.map(({ link, state, drift }) => (
              <tr>
                <td>
                  <RequestLinks ctx={ctx} jiraKey={link.jiraKey} taskId={link.taskId} />
                </td>
                <td>{link.mapping}</td>
                <td>
                  <span class={`state ${state.replace(/ /g, '-')}`}>{state}</span>
                </td>
                <td>{when(link.lastSyncedAt)}</td>
                <td>
                  {drift.length === 0 ? (
                    'none'
                  ) : (
                    <ul class="drift">
                      {drift.map((d) => (
                        <li>
                          <strong>{d.field}</strong>: {d.reason}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav aria-label="Pages" class="pager">
        {view.page > 1 && (
          <a href={pageHref(view.page - 1)} rel="prev">
            Previous page
          </a>
        )}{' '}
        {view.page < view.pages && (
          <a href={pageHref(view.page + 1)} rel="next">
            Next page
          </a>
        )}
      </nav>
    </Page>
  );
}
