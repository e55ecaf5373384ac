import { and, desc, eq, sql } from 'drizzle-orm';
import type { MappingGap } from '../../engine/types';
import type { Db } from './database';
import { mappingGaps, type MappingGapRow } from './schema';

/** Remembers values the mapping could not place, one row per kind and subject, counting how often. */
export async function recordGaps(db: Db, gaps: readonly MappingGap[], issueKey: string, now: number): Promise<void> {
  for (const gap of gaps) {
    await db
      .insert(mappingGaps)
      .values({ ...gap, lastIssueKey: issueKey, firstSeenAt: now, lastSeenAt: now })
      .onConflictDoUpdate({
        target: [mappingGaps.kind, mappingGaps.subject],
        set: {
          detail: gap.detail,
          field: gap.field,
          lastIssueKey: issueKey,
          lastSeenAt: now,
          occurrences: sql`${mappingGaps.occurrences} + 1`,
        },
      });
  }
}

export async function listGaps(db: Db): Promise<MappingGapRow[]> {
  return db.select().from(mappingGaps).orderBy(desc(mappingGaps.lastSeenAt));
}

/** A gap that was closed (the user was mapped, the status added to the map) is no longer reported. */
export async function clearGap(db: Db, kind: MappingGap['kind'], subject: string): Promise<void> {
  await db.delete(mappingGaps).where(and(eq(mappingGaps.kind, kind), eq(mappingGaps.subject, subject)));
}
