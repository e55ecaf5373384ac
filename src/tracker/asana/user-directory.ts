import type { FieldValues } from '../../engine/types';
import type { Clock } from '../../observability/clock';
import { withRetry, type RetryPolicy } from '../../retry/with-retry';
import { unwrap, type AsanaApi } from './asana-client';

/** Finds Asana user gids for e-mail addresses (for people fields), remembering the answers. */
export function createUserDirectory(api: AsanaApi, clock: Clock, policy?: RetryPolicy) {
  const known = new Map<string, string | null>();

  async function lookup(email: string): Promise<string | null> {
    // Asana accepts an e-mail wherever a user gid is expected in a path.
    const result = await withRetry(async () => {
      const response = await api.GET('/users/{user_gid}', { params: { path: { user_gid: email }, query: { opt_fields: ['email'] } } });
      return response.response.status === 404 ? null : unwrap(response, 'user lookup', clock).data?.gid ?? null;
    }, policy);
    return result;
  }

  return {
    /** Gids for every e-mail in the people values of `changes`; unknown people are left out. */
    async resolve(changes: FieldValues): Promise<Map<string, string>> {
      const out = new Map<string, string>();
      for (const value of Object.values(changes)) {
        if (value?.type !== 'people') continue;
        for (const raw of value.emails) {
          const email = raw.toLowerCase();
          if (!known.has(email)) known.set(email, await lookup(email));
          const gid = known.get(email);
          if (gid) out.set(email, gid);
        }
      }
      return out;
    },
  };
}
