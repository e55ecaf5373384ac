import type { FlowFields } from '../platform/config/mapping-schema';
import type { FieldType, FieldValues } from './types';

const DAY = 86_400_000;

/** A request's flow as stored (see flow_snapshots), with its forecast. */
export interface StoredFlow {
  statusSince: number;
  doneAt: number | null;
  leadMs: number | null;
  cycleMs: number | null;
  blockedMs: number;
  reopenings: number;
  forecastP50: number | null;
  forecastP85: number | null;
}

export const FLOW_METRICS = {
  cycleTimeDays: 'number',
  leadTimeDays: 'number',
  daysInCurrentStatus: 'number',
  blockedDays: 'number',
  reopenings: 'number',
  forecast50: 'date',
  forecast85: 'date',
} as const satisfies Record<keyof FlowFields, FieldType>;

const days = (ms: number | null) => (ms === null ? null : Math.round((ms / DAY) * 10) / 10);
const number = (value: number | null) => (value === null ? null : { type: 'number' as const, value });
// The forecast as a calendar date (UTC); done or not forecast, the field is cleared.
const date = (at: number | null, done: boolean) =>
  at === null || done ? null : { type: 'date' as const, date: new Date(at).toISOString().slice(0, 10) };

/** Pure: the tracker values of the configured flow fields, for a request's stored flow at `now`. */
export function flowValues(fields: FlowFields, flow: StoredFlow, now: number): FieldValues {
  const done = flow.doneAt !== null;
  const values: Record<keyof FlowFields, FieldValues[string]> = {
    cycleTimeDays: number(days(flow.cycleMs)),
    leadTimeDays: number(days(flow.leadMs)),
    daysInCurrentStatus: number(done ? null : days(Math.max(0, now - flow.statusSince))),
    blockedDays: number(days(flow.blockedMs)),
    reopenings: number(flow.reopenings),
    forecast50: date(flow.forecastP50, done),
    forecast85: date(flow.forecastP85, done),
  };
  const out: FieldValues = {};
  for (const [metric, entry] of Object.entries(fields) as Array<[keyof FlowFields, { field: string } | undefined]>)
    if (entry) out[entry.field] = values[metric];
  return out;
}
