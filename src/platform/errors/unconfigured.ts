import { NotConfiguredError } from './app-errors';

/**
 * Stands in for a client whose credentials are missing: every method it is asked for rejects
 * with a NotConfiguredError naming the settings to set and the service they reach.
 */
export function unconfigured<T>(settings: string, service: string): T {
  const refuse = () =>
    Promise.reject(new NotConfiguredError(`Set ${settings} first: the bridge cannot reach ${service} without it`));
  // `then` stays undefined, so the stand-in is not mistaken for a promise.
  return new Proxy(
    {},
    { get: (_target, name) => (typeof name === 'string' && name !== 'then' ? refuse : undefined) },
  ) as T;
}
