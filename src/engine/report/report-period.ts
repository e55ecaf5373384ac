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

/** A period as people read it, in the schedule's time zone: "23 Nov – 30 Nov 2026". */
export function periodLabel(period: ReportPeriod, timeZone: string): string {
  const day = (at: number, year: boolean) =>
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      day: 'numeric',
      month: 'short',
      ...(year && { year: 'numeric' }),
    }).format(new Date(at));
  return `${day(period.start, false)} – ${day(period.end, true)}`;
}
