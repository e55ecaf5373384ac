import { defineConfig } from 'drizzle-kit';

// Generates the SQL migrations in migrations/ from src/adapters/storage/schema.ts (`npm run db:generate`).
// The same files are applied to libSQL (at start) and to D1 (`wrangler d1 migrations apply`).
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/adapters/storage/schema.ts',
  out: './migrations',
});
