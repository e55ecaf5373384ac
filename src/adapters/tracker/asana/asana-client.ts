import createClient from 'openapi-fetch';
import { UpstreamError } from '../../../platform/errors/app-errors';
import type { Clock } from '../../../platform/clock/clock';
import type { RateLimiter } from '../../../platform/ratelimit/rate-limiter';
import { retryAfterMs } from '../../../platform/retry/retry-after';
import type { paths } from './generated/asana-api';

export type AsanaApi = ReturnType<typeof createClient<paths>>;

export interface AsanaClientOptions {
  baseUrl: string;
  accessToken: string;
  clock: Clock;
  timeoutMs?: number;
  /** Defaults to the global fetch, looked up per request. */
  fetch?: typeof fetch;
  /** Keeps the bridge under Asana's rate limits; a 429 pauses every request for its Retry-After. */
  limiter?: RateLimiter;
  /** The id of the job or request in hand, sent as `X-Request-Id` so both sides' logs can be joined. */
  requestId?: () => string | undefined;
}

/** A typed Asana REST client (types generated from the published OpenAPI spec), on plain fetch. */
export function createAsanaApi(options: AsanaClientOptions): AsanaApi {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    headers: { Authorization: `Bearer ${options.accessToken}`, Accept: 'application/json' },
    // Asana reads `opt_fields` as one comma-separated value (style form, explode false).
    querySerializer: { array: { style: 'form', explode: false } },
    fetch: async (request: Request) => {
      try {
        const requestId = options.requestId?.();
        if (requestId) request.headers.set('X-Request-Id', requestId);
        const send = async () => {
          const response = await (options.fetch ?? globalThis.fetch)(request, {
            signal: AbortSignal.timeout(timeoutMs),
          });
          if (response.status === 429)
            options.limiter?.pause(retryAfterMs(response.headers, options.clock.now()) ?? 1_000);
          return response;
        };
        return await (options.limiter
          ? options.limiter.schedule(request.method === 'GET' ? 'read' : 'write', send)
          : send());
      } catch (err) {
        const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
        throw new UpstreamError(
          `Asana ${request.method} ${new URL(request.url).pathname} ${timedOut ? 'timed out' : 'got no answer'}`,
          { service: 'tracker', kind: timedOut ? 'timeout' : 'network' },
          { cause: err },
        );
      }
    },
  });
}

/** Returns the data of a successful call, or throws an UpstreamError carrying status and Retry-After. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }, action: string, clock: Clock): T {
  const { response } = result;
  if (response.ok && result.data !== undefined) return result.data;
  const wait = retryAfterMs(response.headers, clock.now());
  throw new UpstreamError(`Asana ${action} failed: HTTP ${response.status}${asanaMessage(result.error)}`, {
    service: 'tracker',
    kind: 'http',
    upstreamStatus: response.status,
    ...(wait !== undefined && { retryAfterMs: wait }),
  });
}

/** Asana errors look like `{errors: [{message}]}`; their messages name the bad field, never a secret. */
function asanaMessage(error: unknown): string {
  const errors = (error as { errors?: Array<{ message?: string }> } | undefined)?.errors;
  const messages = errors?.map((e) => e.message).filter(Boolean);
  return messages?.length ? ` (${messages.join('; ')})` : '';
}

/** One page of an Asana list: its items, and where the next page starts (none at the end). */
export interface AsanaPage<T> {
  data?: T[] | undefined;
  next_page?: { offset?: string | null } | null | undefined;
}

/**
 * Every item of a paged Asana list, following `next_page.offset`; `read` fetches the page at
 * `offset` (undefined: the first). After `maxPages`, `onMorePages` runs when pages remain (it may
 * throw), and the listing stops. Leaving the loop early fetches no further page.
 */
export async function* asanaItems<T>(
  read: (offset: string | undefined) => Promise<AsanaPage<T>>,
  options: { maxPages?: number; onMorePages?: () => void } = {},
): AsyncGenerator<T> {
  let offset: string | undefined;
  for (let page = 0; page < (options.maxPages ?? Infinity); page++) {
    const result = await read(offset);
    yield* result.data ?? [];
    offset = result.next_page?.offset ?? undefined;
    if (!offset) return;
  }
  options.onMorePages?.();
}
