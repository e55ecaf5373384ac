import { serve, type ServerType } from '@hono/node-server';

/** Serves a fetch handler on 127.0.0.1 at a free port (the demo's and tests' stand-ins). */
export function listenOnLoopback(
  fetch: (request: Request) => Response | Promise<Response>,
): Promise<{ url: string; server: ServerType }> {
  return new Promise((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
      resolve({ url: `http://127.0.0.1:${info.port}`, server }),
    );
  });
}
