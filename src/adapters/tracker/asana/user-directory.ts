import type { TrackerUser } from '../../../engine/types';
import type { Clock } from '../../../platform/clock/clock';
import { withRetry, type RetryPolicy } from '../../../platform/retry/with-retry';
import { unwrap, type AsanaApi } from './asana-client';

/** Finds Asana users by e-mail address (to fill the user map), remembering the answers. */
export function createUserDirectory(api: AsanaApi, clock: Clock, policy?: RetryPolicy) {
  const known = new Map<string, TrackerUser | null>();

  async function lookup(email: string): Promise<TrackerUser | null> {
    // Asana accepts an e-mail wherever a user gid is expected in a path.
    return withRetry(
      async () => {
        const response = await api.GET('/users/{user_gid}', {
          params: { path: { user_gid: email }, query: { opt_fields: ['name'] } },
        });
        if (response.response.status === 404) return null;
        const user = unwrap(response, 'user lookup', clock).data;
        return user?.gid ? { id: user.gid, name: user.name ?? email } : null;
      },
      clock,
      policy,
    );
  }

  return {
    async findUserByEmail(raw: string): Promise<TrackerUser | null> {
      const email = raw.trim().toLowerCase();
      if (!known.has(email)) known.set(email, await lookup(email));
      return known.get(email) ?? null;
    },
  };
}
