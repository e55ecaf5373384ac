import { copyFile, rename, rm, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createClient } from '@libsql/client';
import { sql } from 'drizzle-orm';
import type { Db } from '../../adapters/storage/database';
import { embeddedPath } from './open-database';

/** Backups are of the embedded file only: Turso and libSQL servers, and D1, have their own. */
export class BackupError extends Error {}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/**
 * A consistent copy of the live embedded database, taken online (the server may keep running):
 * SQLite's `VACUUM INTO` writes one transaction's snapshot, compacted, to a new file.
 */
export async function backupDatabase(
  db: Db,
  databaseUrl: string | undefined,
  file: string,
  force: boolean,
): Promise<{ file: string; bytes: number }> {
  if (!embeddedPath(databaseUrl))
    throw new BackupError(
      'backup works on the embedded file; for Turso or a libSQL server use its own backups (Turso: point-in-time restore)',
    );
  const target = resolve(file);
  if (await exists(target)) {
    if (!force) throw new BackupError(`${target} exists: choose another file, or add --force to replace it`);
    await rm(target);
  }
  await db.run(sql`VACUUM INTO ${target}`);
  return { file: target, bytes: (await stat(target)).size };
}

/** Checks that `file` is a bridge database (not a stray file) before anything is replaced. */
async function checkBackup(file: string): Promise<number> {
  const client = createClient({ url: `file:${file}` });
  try {
    // A backup from before the work queue (0006) has `deliveries` instead of `jobs`; the next start migrates it.
    const check = await client.execute(
      "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name IN ('__drizzle_migrations', 'links', 'jobs', 'deliveries')",
    );
    if (Number(check.rows[0]?.n) !== 3) throw new BackupError(`${file} is not a backup of the bridge's database`);
    return Number((await client.execute('SELECT count(*) AS n FROM links')).rows[0]?.n ?? 0);
  } catch (err) {
    throw err instanceof BackupError
      ? err
      : new BackupError(`${file} is not a readable SQLite database: ${(err as Error).message}`);
  } finally {
    client.close();
  }
}

/**
 * Loads a backup in place of the embedded database (stop the server first). The current file is
 * kept beside it as `<file>.before-restore-<time>`; the next start applies any newer migrations.
 */
export async function restoreDatabase(
  databaseUrl: string | undefined,
  file: string,
  now: number,
): Promise<{ restored: string; links: number; previous: string | null }> {
  const live = embeddedPath(databaseUrl);
  if (!live)
    throw new BackupError('restore works on the embedded file; for Turso or a libSQL server use its own restore');
  const source = resolve(file);
  if (!(await exists(source))) throw new BackupError(`No backup at ${source}`);
  const links = await checkBackup(source);
  let previous: string | null = null;
  if (await exists(live)) {
    previous = `${live}.before-restore-${new Date(now).toISOString().replace(/[:.]/g, '-')}`;
    // The write-ahead log goes with its file: it must never be replayed onto the backup.
    for (const suffix of ['-wal', '-shm', ''])
      if (await exists(`${live}${suffix}`)) await rename(`${live}${suffix}`, `${previous}${suffix}`);
  }
  await copyFile(source, `${live}.restoring`);
  await rename(`${live}.restoring`, live);
  return { restored: live, links, previous };
}
