import type { JiraPerson, PeopleLookup, TrackerUser } from '../../engine/types';
import { clearGap } from '../../adapters/storage/mapping-gaps-repo';
import { findUserMapping, saveUserMapping } from '../../adapters/storage/user-map-repo';
import type { Ctx } from '../context';

/**
 * Finds the tracker user of each Jira person: in the user map, else by their e-mail where Jira
 * shows it (and remembers the match), else says why not. Jira Cloud hides most e-mails, so the
 * map, kept by the admin, is the source of truth; nothing here ever guesses.
 */
export async function resolvePeople(
  deps: Pick<Ctx, 'db' | 'tracker' | 'clock'>,
  people: ReadonlyArray<JiraPerson | null>,
  /** Whether a match by e-mail is saved in the user map (not for a preview). */
  remember = true,
): Promise<PeopleLookup> {
  const out = new Map<string, TrackerUser | { unmapped: string }>();
  for (const person of people) {
    if (!person?.accountId || out.has(person.accountId)) continue;
    out.set(person.accountId, await resolveOne(deps, person, person.accountId, remember));
  }
  return out;
}

async function resolveOne(
  deps: Pick<Ctx, 'db' | 'tracker' | 'clock'>,
  person: JiraPerson,
  accountId: string,
  remember: boolean,
): Promise<TrackerUser | { unmapped: string }> {
  const mapped = await findUserMapping(deps.db, accountId);
  if (mapped) return { id: mapped.trackerUserId, name: person.displayName };
  if (!person.email)
    return {
      unmapped: `Jira hides their e-mail address; map them with: npm run cli -- users map ${accountId} <${deps.tracker.kind} user id>`,
    };
  const found = await deps.tracker.people.findUserByEmail(person.email);
  if (!found) return { unmapped: `no ${deps.tracker.kind} user has the e-mail address Jira shows for them` };
  if (!remember) return { id: found.id, name: person.displayName };
  await saveUserMapping(
    deps.db,
    { jiraAccountId: accountId, trackerUserId: found.id, displayName: person.displayName, source: 'email' },
    deps.clock.now(),
  );
  await clearGap(deps.db, 'unmapped-user', accountId);
  return { id: found.id, name: person.displayName };
}
