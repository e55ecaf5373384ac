import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import type * as schema from './schema';

/**
 * The database as the repositories see it: any async SQLite dialect drizzle speaks
 * (libSQL on Node and Turso, D1 on Workers). Runtime entries build it and pass it in.
 */
// The run-result type differs per driver and is never read.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Db = BaseSQLiteDatabase<'async', any, typeof schema>;
