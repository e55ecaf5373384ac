import { recordAdminAction } from '../audit/audit-trail';
import { lookup } from '../../engine/lookup';
import type { BridgeConfig } from '../../platform/config/schema';
import type { Db } from '../../adapters/storage/database';
import { clearGap, listGaps } from '../../adapters/storage/mapping-gaps-repo';
import type { MappingGapRow } from '../../adapters/storage/schema';
import { listUserMappings, removeUserMapping, saveUserMapping } from '../../adapters/storage/user-map-repo';
import { NotFoundError } from '../../platform/errors/app-errors';

interface Deps {
  db: Db;
  config: BridgeConfig;
  clock: { now(): number };
}

export interface PublicGap {
  kind: MappingGapRow['kind'];
  subject: string;
  detail: string;
  field: string;
  lastIssueKey: string;
  occurrences: number;
  firstSeenAt: string;
  lastSeenAt: string;
}

/** Who is mapped (and how), and who was met but could not be mapped (and why). */
export async function usersReport(deps: Deps) {
  const mapped = (await listUserMappings(deps.db)).map((u) => ({
    jiraAccountId: u.jiraAccountId,
    trackerUserId: u.trackerUserId,
    displayName: u.displayName,
    source: u.source,
    updatedAt: new Date(u.updatedAt).toISOString(),
  }));
  const unmapped = (await currentGaps(deps)).filter((g) => g.kind === 'unmapped-user');
  return { mapped, unmapped };
}

/** Maps a Jira user to a tracker user by hand (it wins over any match by e-mail). */
export async function mapUser(
  deps: Deps,
  actor: string,
  input: { jiraAccountId: string; trackerUserId: string; displayName?: string | undefined },
) {
  await saveUserMapping(
    deps.db,
    { ...input, displayName: input.displayName ?? null, source: 'admin' },
    deps.clock.now(),
  );
  await clearGap(deps.db, 'unmapped-user', input.jiraAccountId);
  await recordAdminAction(deps, actor, 'user-mapped', { detail: { ...input } });
  return { jiraAccountId: input.jiraAccountId, trackerUserId: input.trackerUserId, source: 'admin' as const };
}

export async function unmapUser(deps: Deps, actor: string, jiraAccountId: string) {
  if (!(await removeUserMapping(deps.db, jiraAccountId)))
    throw new NotFoundError(`No mapping for Jira user ${jiraAccountId}`);
  await recordAdminAction(deps, actor, 'user-unmapped', { detail: { jiraAccountId } });
  return { jiraAccountId };
}

/**
 * The mapping gaps still open. A user's gap is cleared when they are mapped (by an admin or by
 * e-mail); a status or a value the config now maps is left out here, so what is listed still
 * needs the admin.
 */
export async function currentGaps(deps: Pick<Deps, 'db' | 'config'>): Promise<PublicGap[]> {
  const { fields } = deps.config;
  const stillOpen = (g: { kind: PublicGap['kind']; subject: string; field: string }) => {
    if (g.kind === 'unmapped-user') return true;
    if (g.kind === 'unknown-status') return lookup(fields.status.map, g.subject) === undefined;
    return fields.custom.some((e) => e.field === g.field && e.unmapped === 'report' && !lookup(e.map, g.subject));
  };
  const open = (await listGaps(deps.db)).filter(stillOpen);
  return open.map((g) => ({
    kind: g.kind,
    subject: g.subject,
    detail: g.detail,
    field: g.field,
    lastIssueKey: g.lastIssueKey,
    occurrences: g.occurrences,
    firstSeenAt: new Date(g.firstSeenAt).toISOString(),
    lastSeenAt: new Date(g.lastSeenAt).toISOString(),
  }));
}

export function gapCounts(gaps: readonly PublicGap[]) {
  return {
    unmappedUsers: gaps.filter((g) => g.kind === 'unmapped-user').length,
    unknownStatuses: gaps.filter((g) => g.kind === 'unknown-status').length,
    unmappedValues: gaps.filter((g) => g.kind === 'unmapped-value').length,
  };
}
