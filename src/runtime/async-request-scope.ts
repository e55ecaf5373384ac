import { AsyncLocalStorage } from 'node:async_hooks';
import type { RequestScope } from '../platform/log/request-scope';

/** A request scope on AsyncLocalStorage (Node, and workerd with `nodejs_compat`): one per runtime, passed in. */
export function createAsyncRequestScope(): RequestScope {
  const storage = new AsyncLocalStorage<string>();
  return { current: () => storage.getStore(), run: (requestId, fn) => storage.run(requestId, fn) };
}
