import { createClient } from '@libsql/client/web';
import { drizzle as drizzleD1 } from 'drizzle-orm/d1';
import { drizzle as drizzleLibsql } from 'drizzle-orm/libsql/web';
import type { BridgeEnv } from '../../platform/config/env';
import type { Db } from '../../adapters/storage/database';
import * as schema from '../../adapters/storage/schema';

/**
 * D1 by default; a remote libSQL (Turso) when DATABASE_URL is set. Migrations are applied
 * ahead of time: `wrangler d1 migrations apply` (D1) or `npm run db:migrate` (libSQL).
 */
export function openWorkerDatabase(d1: D1Database, env: BridgeEnv): Db {
  if (env.DATABASE_URL) {
    const client = createClient({
      url: env.DATABASE_URL,
      ...(env.DATABASE_AUTH_TOKEN && { authToken: env.DATABASE_AUTH_TOKEN }),
    });
    return drizzleLibsql(client, { schema });
  }
  return drizzleD1(d1, { schema });
}
