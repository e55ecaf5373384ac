import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import * as schema from '../../adapters/storage/schema';
import type { Db } from '../../adapters/storage/database';
import { openSqlThread } from './sql-thread';

export const DEFAULT_DATABASE_FILE = 'data/bridge.db';

/** The embedded database's file for a DATABASE_URL, or null for a remote database. */
export function embeddedPath(url: string | undefined): string | null {
  const target = url ?? `file:${DEFAULT_DATABASE_FILE}`;
  return target.startsWith('file:') && target !== 'file::memory:' ? resolve(target.slice('file:'.length)) : null;
}
const BUSY_TIMEOUT_MS = 5_000;
const MIGRATIONS = fileURLToPath(new URL('../../../migrations', import.meta.url));

export interface OpenedDatabase {
  db: Db;
  /** True for the embedded file: this process is its only user. */
  embedded: boolean;
  /** Where the data lives, with no credentials, for logs. */
  description: string;
  /** The same database, for storing new work ahead of the statements already waiting (the embedded file). */
  priorityDb?: Db;
  /** Waits for the statements already sent, then closes. */
  close(): Promise<void>;
}

/**
 * Brings the database's schema up to date with the checked-in migrations, on a connection of its
 * own: the embedded libSQL file (default) or a remote libSQL/Turso database.
 */
export async function migrateDatabase(
  url: string | undefined,
  authToken: string | undefined,
  migrationsFolder = MIGRATIONS,
): Promise<OpenedDatabase> {
  const embedded = !url || url.startsWith('file:');
  let target = url ?? `file:${DEFAULT_DATABASE_FILE}`;
  if (target.startsWith('file:') && target !== 'file::memory:') {
    const path = resolve(target.slice('file:'.length));
    await mkdir(dirname(path), { recursive: true });
    target = `file:${path}`;
  }
  const client = createClient({ url: target, ...(authToken && { authToken }) });
  if (embedded) {
    // WAL lets the CLI read and write while the server runs; the timeout rides out short locks.
    await client.execute('PRAGMA journal_mode = WAL');
    await client.execute(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
  }
  const db = drizzle(client, { schema });
  // Forward-only: every migration not yet applied runs, in order, at every start.
  await migrate(db, { migrationsFolder });
  const description = embedded
    ? `embedded libSQL file ${target.slice('file:'.length)}`
    : `remote libSQL ${new URL(target).host}`;
  return { db, embedded, description, close: async () => client.close() };
}

/**
 * Opens the database for the bridge, its schema up to date. The embedded file is then served by a
 * thread of its own (sql-thread.ts), so the server's thread never waits for SQLite.
 */
export async function openDatabase(
  url: string | undefined,
  authToken: string | undefined,
  migrationsFolder = MIGRATIONS,
): Promise<OpenedDatabase> {
  const migrated = await migrateDatabase(url, authToken, migrationsFolder);
  const path = embeddedPath(url);
  if (!path) return migrated;
  await migrated.close();
  const thread = await openSqlThread(path, BUSY_TIMEOUT_MS);
  return { ...migrated, db: thread.db, priorityDb: thread.priorityDb, close: () => thread.close() };
}
