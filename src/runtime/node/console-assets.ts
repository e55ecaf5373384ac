import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { MiddlewareHandler } from 'hono';

const TYPES: Record<string, string> = {
  'console.js': 'text/javascript; charset=utf-8',
  'console.css': 'text/css; charset=utf-8',
};

// Built by `npm run build:console` into dist/public (what wrangler's [assets] serves on Workers):
// next to the built server, or under dist/ when running from source.
const DIRS = ['../../public/console/assets/', '../../../dist/public/console/assets/'].map((rel) =>
  fileURLToPath(new URL(rel, import.meta.url)),
);

/**
 * The console's static files on Node: only the named files (no path from the request reaches
 * the file system), read once and kept in memory.
 */
export function consoleAssets(): MiddlewareHandler {
  const cache = new Map<string, Promise<Uint8Array | null>>();
  const load = async (name: string) => {
    for (const dir of DIRS) {
      const bytes = await readFile(dir + name).catch(() => null);
      if (bytes) return new Uint8Array(bytes);
    }
    return null;
  };
  return async function serveConsoleAsset(c, next) {
    const name = c.req.path.slice(c.req.path.lastIndexOf('/') + 1);
    const type = TYPES[name];
    if (!type) return next();
    if (!cache.has(name)) cache.set(name, load(name));
    const bytes = await cache.get(name)!;
    if (!bytes) {
      cache.delete(name); // not built yet: look again next time
      return next();
    }
    return c.body(bytes.slice(), 200, { 'content-type': type, 'cache-control': 'public, max-age=300' });
  };
}
