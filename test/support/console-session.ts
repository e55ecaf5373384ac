import type { Hono } from 'hono';
import { expect } from 'vitest';

/** A browser's view of the console through `app.request`: its cookie jar of one session cookie. */
export function consoleClient(app: Hono) {
  let cookie = '';
  const request = (path: string, init: RequestInit = {}) =>
    app.request(path, {
      ...init,
      headers: { ...(cookie && { cookie }), 'sec-fetch-site': 'same-origin', ...(init.headers as object) },
    });
  return {
    request,
    get cookie() {
      return cookie;
    },
    set cookie(value: string) {
      cookie = value;
    },
    /** Signs in with `token`; returns the answer (303 and the cookie when it worked). */
    async signIn(token: string, next?: string) {
      const res = await request('/console/login', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token, ...(next && { next }) }).toString(),
      });
      const set = res.headers.get('set-cookie');
      if (set) cookie = set.split(';')[0]!;
      return res;
    },
    /** A page's HTML (expecting `status`). */
    async page(path: string, status = 200) {
      const res = await request(path);
      expect(res.status, `${path}: ${res.status}`).toBe(status);
      return res.text();
    },
    /** Posts a console form with the CSRF token of `fromPage` (or the given one). */
    async act(path: string, csrf: string | null, headers: Record<string, string> = {}) {
      return request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams(csrf === null ? {} : { csrf }).toString(),
      });
    },
  };
}

/** The CSRF token a console page's forms carry. */
export function csrfOf(html: string): string {
  const token = /name="csrf" value="([0-9a-f]{64})"/.exec(html)?.[1];
  expect(token, 'the page has a form with a CSRF token').toBeDefined();
  return token!;
}
