import { Cron } from 'croner';

/** The time a status update covers: from the schedule time before it to its own (epoch ms). */
export interface ReportPeriod {
  start: number;
  end: number;
}

/**
 * Pure: the period of the newest update due at `now` (its end is the latest schedule time at or
 * before `now`) and the period before it, for the comparison; null before the schedule has run
 * twice. The schedule is read in `timeZone`, so "9:00 on Mondays" stays 9:00 across daylight saving.
 */
export function duePeriods(
  schedule: string,
  timeZone: string,
  now: number,
): { period: ReportPeriod; previous: ReportPeriod } | null {
  const runs = new Cron(schedule, { timezone: timeZone, paused: true }).previousRuns(3, new Date(now + 1));
  const [end, start, before] = runs.map((d) => d.getTime());
  if (end === undefined || start === undefined) return null;
  return { period: { start, end }, previous: { start: before ?? start - (end - start), end: start } };
}

/** Pure: the next schedule time after `now`. */
export function nextScheduleTime(schedule: string, timeZone: string, now: number): number | null {
  return new Cron(schedule, { timezone: timeZone, paused: true }).nextRun(new Date(now))?.getTime() ?? null;
}

/**
 * A period as people read it, in the schedule's time zone: "23 Nov – 30 Nov 2026"; with the times
 * when it starts and ends on the same day ("2 Dec 2026, 09:00 – 13:00"), so no two periods of a
 * schedule read the same (the title identifies an update).
 */
export function periodLabel(period: ReportPeriod, timeZone: string): string {
  const format = (at: number, options: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat('en-GB', { timeZone, ...options }).format(new Date(at));
  const day = (at: number, year: boolean) =>
    format(at, { day: 'numeric', month: 'short', ...(year && { year: 'numeric' }) });
  const time = (at: number) => format(at, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  if (day(period.start, true) === day(period.end, true))
    return `${day(period.end, true)}, ${time(period.start)} – ${time(period.end)}`;
  return `${day(period.start, false)} – ${day(period.end, true)}`;
}
