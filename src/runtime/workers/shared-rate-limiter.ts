import type { Clock } from '../../platform/clock/clock';
import type { Logger } from '../../platform/log/logger';
import { describeError } from '../../platform/log/logger';
import type { RateLimiter, RateLimits } from '../../platform/ratelimit/rate-limiter';
import type { RateBudget } from './rate-budget';
import { sha256Hex } from '../../platform/crypto/digest';

/** A request in flight longer than this (the client's timeouts and retries are shorter) frees its slot. */
const LEASE_MS = 120_000;

/**
 * The rate limiter of a Worker: every admission is asked of the Durable Object that keeps the
 * token's budget (`budgetName`, e.g. "asana:<fingerprint of the token>"), so all invocations
 * together stay within the upstream's requests per minute and requests in flight.
 */
export function sharedRateLimiter(deps: {
  namespace: DurableObjectNamespace<RateBudget>;
  budgetName: () => Promise<string>;
  limits: RateLimits;
  clock: Clock;
  log: Logger;
}): RateLimiter {
  const { namespace, limits, clock, log } = deps;
  let stub: DurableObjectStub<RateBudget> | undefined;
  const budget = async () => (stub ??= namespace.get(namespace.idFromName(await deps.budgetName())));

  return {
    async schedule(kind, task) {
      const leaseId = crypto.randomUUID();
      for (;;) {
        const decision = await (await budget()).admit(limits, kind, leaseId, clock.now(), LEASE_MS);
        if (decision.admitted) break;
        // A full slot is given back by another invocation, which cannot wake this one: poll.
        await clock.sleep(decision.reason === 'slots' ? Math.min(decision.retryInMs, 50) : decision.retryInMs);
      }
      try {
        return await task();
      } finally {
        await (await budget()).giveBack(leaseId).catch((err: unknown) =>
          // The lease lapses on its own.
          log.warn('could not give a rate-limit slot back', { error: describeError(err) }),
        );
      }
    },
    pause(ms) {
      void budget()
        .then((b) => b.pause(clock.now() + ms))
        .catch((err: unknown) => log.warn('could not pause the shared rate budget', { error: describeError(err) }));
    },
    async usage() {
      return (await budget()).usage(limits, clock.now());
    },
  };
}

/** A token's fingerprint for the budget's name: the same token shares one budget; the token itself is never a name. */
export async function tokenFingerprint(api: string, token: string): Promise<string> {
  return `${api}:${(await sha256Hex(`${api}\u0000${token}`)).slice(0, 24)}`;
}
