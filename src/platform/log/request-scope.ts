/**
 * Which job or request the code running now serves, so the Jira and tracker clients can tag
 * their calls with its id (`X-Request-Id`) without every call passing it down. A runtime builds
 * one (on AsyncLocalStorage, in Node and in workerd) and passes it in.
 */
export interface RequestScope {
  current(): string | undefined;
  run<T>(requestId: string, fn: () => Promise<T>): Promise<T>;
}

/** For tools and tests that tag nothing. */
export const noRequestScope: RequestScope = { current: () => undefined, run: (_id, fn) => fn() };
