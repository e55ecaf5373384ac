import { Page } from './layout';
import type { Viewer } from './viewer';

/** The sign-in form: a named admin token (read-only or admin) or ADMIN_TOKEN. */
export function LoginPage(props: { next: string; problem?: string | undefined; noToken?: boolean }) {
  const { next, problem } = props;
  return (
    <Page title="Sign in">
      <p>
        Sign in with an admin token: a named token (<code>npm run cli -- tokens create &lt;name&gt;</code>) or
        ADMIN_TOKEN.
      </p>
      {props.noToken && (
        <p class="problem">
          No admin token exists yet: set ADMIN_TOKEN, or create one with{' '}
          <code>npm run cli -- tokens create &lt;name&gt;</code>.
        </p>
      )}
      {problem && (
        <p class="problem" role="alert">
          {problem}
        </p>
      )}
      <form method="post" action="/console/login" class="stack">
        <input type="hidden" name="next" value={next} />
        <label for="token">Admin token</label>
        <input id="token" name="token" type="password" autocomplete="current-password" required autofocus />
        <button type="submit">Sign in</button>
      </form>
    </Page>
  );
}

/** An error as a page: what went wrong, in the words of the typed error. */
export function ErrorPage(props: { status: number; message: string; session?: Viewer | undefined }) {
  const { status, message } = props;
  return (
    <Page
      title={status === 404 ? 'Not found' : status === 403 ? 'Not allowed' : 'Something went wrong'}
      session={props.session}
    >
      <p class="problem" role="alert">
        {message}
      </p>
      <p>
        <a href="/console">Back to the portfolio</a>
      </p>
    </Page>
  );
}
