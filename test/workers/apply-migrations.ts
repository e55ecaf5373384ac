import { applyD1Migrations, env } from 'cloudflare:test';

// The same migrations/ that drizzle applies to libSQL on Node, applied to local D1.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
