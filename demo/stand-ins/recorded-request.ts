import type { Context, MiddlewareHandler } from 'hono';

/** A request a stand-in received, for tests to assert on and the demo to print. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  headers: Record<string, string>;
}

export function recordRequests(into: RecordedRequest[]): MiddlewareHandler {
  return async function record(c: Context, next) {
    const url = new URL(c.req.url);
    const text = c.req.method === 'GET' ? '' : await c.req.raw.clone().text();
    into.push({
      method: c.req.method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body: text ? JSON.parse(text) : undefined,
      headers: Object.fromEntries(c.req.raw.headers),
    });
    await next();
  };
}

/** A scripted failure: the next `times` matching requests get `respond(request)` instead of the real answer. */
export interface Fault {
  method?: string;
  path: RegExp;
  times: number;
  respond: (request: Request) => Response | Promise<Response>;
}

export function injectFaults(faults: Fault[]): MiddlewareHandler {
  return async function applyFault(c, next) {
    const path = new URL(c.req.url).pathname;
    const fault = faults.find((f) => f.times > 0 && f.path.test(path) && (!f.method || f.method === c.req.method));
    if (!fault) return next();
    fault.times -= 1;
    return fault.respond(c.req.raw);
  };
}
