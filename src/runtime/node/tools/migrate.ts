// Applies the migrations to DATABASE_URL (a remote libSQL / Turso used by the Worker, or the embedded file).
//   DATABASE_URL=libsql://... DATABASE_AUTH_TOKEN=... npm run db:migrate
import { parseEnv } from '../../../platform/config/env';
import { migrateDatabase } from '../open-database';

const env = parseEnv(process.env);
const database = await migrateDatabase(env.DATABASE_URL, env.DATABASE_AUTH_TOKEN);
console.log(`migrations applied to ${database.description}`);
await database.close();
