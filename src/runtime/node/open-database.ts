import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import * as schema from '../../adapters/storage/schema';
import type { Db } from '../../adapters/storage/database';
import { reusePreparedStatements } from './statement-cache';

export const DEFAULT_DATABASE_FILE = 'data/bridge.db';

/** The embedded database's file for a DATABASE_URL, or null for a remote database. */
export function embeddedPath(url: string | undefined): string | null {
  const target = url ?? `file:${DEFAULT_DATABASE_FILE}`;
  return target.startsWith('file:') && target !== 'file::memory:' ? resolve(target.slice('file:'.length)) : null;
}
const MIGRATIONS = fileURLToPath(new URL('../../../migrations', import.meta.url));

export interface OpenedDatabase {
  db: Db;
  /** True for the embedded file: this process is its only user. */
  embedded: boolean;
  /** Where the data lives, with no credentials, for logs. */
  description: string;
  close(): void;
}

/**
 * Opens the embedded libSQL file (default) or a remote libSQL/Turso database, and brings its
 * schema up to date with the checked-in migrations.
 */
export async function openDatabase(
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
  if (embedded) reusePreparedStatements();
  const client = createClient({ url: target, ...(authToken && { authToken }) });
  if (embedded) {
    // WAL lets the CLI read and write while the server runs; the timeout rides out short locks.
    await client.execute('PRAGMA journal_mode = WAL');
    await client.execute('PRAGMA busy_timeout = 5000');
  }
  const db = drizzle(client, { schema });
  // Forward-only: every migration not yet applied runs, in order, at every start.
  await migrate(db, { migrationsFolder });
  const description = embedded
    ? `embedded libSQL file ${target.slice('file:'.length)}`
    : `remote libSQL ${new URL(target).host}`;
  return { db, embedded, description, close: () => client.close() };
}
