import type { QuietHours } from '../../platform/config/schema';

const MINUTE = 60_000;

/** Minutes since local midnight of `at` in `timeZone`. */
export function localMinutes(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(at));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return get('hour') * 60 + get('minute');
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether `at` falls in the quiet hours (which may span midnight). */
export function inQuietHours(at: number, quiet: QuietHours): boolean {
  const now = localMinutes(at, quiet.timeZone);
  const start = toMinutes(quiet.start);
  const end = toMinutes(quiet.end);
  return start <= end ? now >= start && now < end : now >= start || now < end;
}

/**
 * Pure: the first instant at or after `at` outside the quiet hours, to the minute, following
 * the zone's own clock across daylight-saving changes.
 */
export function quietHoursEnd(at: number, quiet: QuietHours): number {
  if (!inQuietHours(at, quiet)) return at;
  const end = toMinutes(quiet.end);
  const minutesLeft = (end - localMinutes(at, quiet.timeZone) + 24 * 60) % (24 * 60) || 24 * 60;
  let candidate = Math.floor(at / MINUTE) * MINUTE + minutesLeft * MINUTE;
  // A DST shift inside the quiet hours moves the wall clock by up to an hour: walk to the end.
  for (let step = 0; step < 120 && inQuietHours(candidate, quiet); step++) candidate += MINUTE;
  for (let step = 0; step < 120 && !inQuietHours(candidate - MINUTE, quiet) && candidate - MINUTE > at; step++)
    candidate -= MINUTE;
  return candidate;
}
