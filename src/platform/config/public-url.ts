import { z } from 'zod';
import { BadRequestError } from '../errors/app-errors';

/** Hosts that never leave the machine: plain http is fine there (local experiments, tunnels). */
function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * Why `value` cannot be the bridge's public URL, or null when it can: `https:` only (`http:` on
 * loopback), no credentials, no query or fragment. Jira and the tracker will send secrets-bearing
 * deliveries there, so nothing else (`javascript:`, `file:`, `ftp:`, plain http on the internet).
 */
export function publicUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute URL such as https://bridge.example.com';
  }
  if (url.protocol === 'http:' && !isLoopback(url.hostname))
    return 'must use https: (plain http: is allowed only for localhost/127.0.0.1/[::1])';
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `must use https:, not ${url.protocol}`;
  if (url.username || url.password) return 'must not carry a user name or password';
  if (url.search || url.hash) return 'must not carry a query or fragment';
  return null;
}

/** The bridge's public base URL, as admins give it (API and CLI alike); trailing slashes dropped. */
export const publicUrlSchema = z
  .string()
  .superRefine((value, ctx) => {
    const problem = publicUrlProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .transform((value) => value.replace(/\/+$/, ''));

/** Parses a public URL given on the command line or to a function, failing with the reason. */
export function parsePublicUrl(value: string): string {
  const problem = publicUrlProblem(value);
  if (problem) throw new BadRequestError(`The public URL "${value}" ${problem}`);
  return value.replace(/\/+$/, '');
}
