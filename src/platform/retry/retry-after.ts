/**
 * How long an upstream asked us to wait, in ms, from `Retry-After` (seconds or an HTTP date)
 * or `X-RateLimit-Reset` (an ISO date on Jira, epoch seconds elsewhere). Pure: `now` is passed in.
 */
export function retryAfterMs(headers: { get(name: string): string | null }, now: number): number | undefined {
  const retryAfter = headers.get('retry-after');
  if (retryAfter !== null && retryAfter.trim() !== '') {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const at = Date.parse(retryAfter);
    if (Number.isFinite(at)) return Math.max(0, at - now);
  }
  const reset = headers.get('x-ratelimit-reset');
  if (reset !== null && reset.trim() !== '') {
    const epochSeconds = Number(reset);
    const at = Number.isFinite(epochSeconds) ? epochSeconds * 1000 : Date.parse(reset);
    if (Number.isFinite(at)) return Math.max(0, at - now);
  }
  return undefined;
}
