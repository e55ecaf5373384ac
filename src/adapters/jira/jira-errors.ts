import { UpstreamError } from '../../platform/errors/app-errors';
import { retryAfterMs } from '../../platform/retry/retry-after';

interface AxiosLikeError {
  isAxiosError?: boolean;
  code?: string;
  response?: { status?: number; headers?: Record<string, unknown> };
}

/**
 * Turns what jira.js throws (its HttpException wrapping an axios error, or a bare axios
 * error when nothing answered) into an UpstreamError the retry classifier understands.
 */
export function toJiraUpstreamError(err: unknown, action: string, now: number): UpstreamError {
  const axiosError = findAxiosError(err);
  const status = axiosError?.response?.status ?? httpStatusOf(err);
  const message = `Jira ${action} failed`;
  if (status !== undefined) {
    const wait = axiosError?.response?.headers
      ? retryAfterMs(headerReader(axiosError.response.headers), now)
      : undefined;
    return new UpstreamError(
      `${message}: HTTP ${status}`,
      { service: 'jira', kind: 'http', upstreamStatus: status, ...(wait !== undefined && { retryAfterMs: wait }) },
      { cause: err },
    );
  }
  const timedOut = axiosError?.code === 'ECONNABORTED' || axiosError?.code === 'ETIMEDOUT';
  return new UpstreamError(
    `${message}: ${timedOut ? 'timed out' : 'no answer'}`,
    { service: 'jira', kind: timedOut ? 'timeout' : 'network' },
    { cause: err },
  );
}

export function httpStatusOf(err: unknown): number | undefined {
  const status = (err as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 100 ? status : undefined;
}

function findAxiosError(err: unknown): AxiosLikeError | undefined {
  for (
    let current = err as (AxiosLikeError & { cause?: unknown }) | undefined, depth = 0;
    current && depth < 5;
    depth++
  ) {
    if (current.isAxiosError) return current;
    current = current.cause as typeof current;
  }
  return undefined;
}

function headerReader(headers: Record<string, unknown>) {
  return {
    get(name: string): string | null {
      const value = headers[name] ?? headers[name.toLowerCase()];
      return value === undefined || value === null ? null : String(value);
    },
  };
}
