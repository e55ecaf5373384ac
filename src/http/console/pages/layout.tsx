import type { Child } from 'hono/jsx';
import type { Viewer } from './viewer';

export interface PageProps {
  title: string;
  session?: Viewer | undefined;
  /** The nav entry of this page. */
  current?: 'dashboard' | 'ops' | 'links' | 'audit' | undefined;
  children?: Child;
}

const NAV = [
  { id: 'dashboard', href: '/console', label: 'Portfolio', role: 'read' },
  { id: 'ops', href: '/console/ops', label: 'Operations', role: 'admin' },
  { id: 'links', href: '/console/links', label: 'Links', role: 'admin' },
  { id: 'audit', href: '/console/audit', label: 'Audit', role: 'admin' },
] as const;

/**
 * Every console page: one stylesheet and one script from this server (no third-party asset, so
 * it works offline and under the strict Content-Security-Policy), a skip link, the nav the
 * signed-in role may use, and sign-out as a form (an action, so it carries the CSRF token).
 */
export function Page({ title, session, current, children }: PageProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="htmx-config" content='{"includeIndicatorStyles":false,"allowEval":false,"allowScriptTags":false}' />
        <title>{`${title} · jira-tracker-bridge`}</title>
        <link rel="stylesheet" href="/console/assets/console.css" />
        <script src="/console/assets/console.js" defer></script>
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header class="top">
          <span class="brand">jira-tracker-bridge</span>
          {session && (
            <nav aria-label="Console">
              <ul>
                {NAV.filter((n) => n.role === 'read' || session.role === 'admin').map((n) => (
                  <li>
                    <a href={n.href} aria-current={n.id === current ? 'page' : undefined}>
                      {n.label}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          )}
          {session && (
            <form method="post" action="/console/logout" class="signout">
              <input type="hidden" name="csrf" value={session.csrf} />
              <span>
                {session.actor.replace(/^admin:/, '')} ({session.role === 'admin' ? 'admin' : 'read-only'})
              </span>{' '}
              <button type="submit">Sign out</button>
            </form>
          )}
        </header>
        <main id="main" tabindex={-1}>
          <h1>{title}</h1>
          {children}
        </main>
      </body>
    </html>
  );
}

/** A form field for the CSRF token every console action needs. */
export const CsrfField = ({ session }: { session: Viewer }) => <input type="hidden" name="csrf" value={session.csrf} />;
