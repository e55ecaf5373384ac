import type { FieldMappings, NotificationSettings } from '../../platform/config/schema';
import { sameValue } from '../diff-values';
import type { FieldValue, FieldValues } from '../types';

/** Fields that update silently unless the config says `notify: true`: churn nobody needs to hear about. */
const SILENT_BY_DEFAULT = new Set(['sprint', 'storyPoints', 'jiraKey']);

/** Tracker field name -> whether its changes are announced. */
export function notifyingFields(fields: FieldMappings): Map<string, boolean> {
  const out = new Map<string, boolean>();
  const { custom, flow, ...builtIn } = fields;
  for (const [kind, mapping] of Object.entries(builtIn)) {
    if (!mapping) continue;
    out.set(mapping.field, mapping.notify ?? !SILENT_BY_DEFAULT.has(kind));
  }
  for (const entry of custom) out.set(entry.field, entry.notify ?? true);
  // Flow metrics and forecasts move every day: never news.
  for (const entry of Object.values(flow ?? {})) if (entry) out.set(entry.field, false);
  return out;
}

export interface NoticeChanges {
  /** The value before the change, per announced field. */
  before: FieldValues;
  urgent: boolean;
}

/**
 * Pure: what of a sync's changes stakeholders should hear about. A field never written before
 * (the first sync of a new link) is not news; silent fields are left out.
 */
export function noticeChanges(
  written: FieldValues,
  changes: FieldValues,
  fields: FieldMappings,
  settings: NotificationSettings,
): NoticeChanges | null {
  if (!settings.enabled) return null;
  const notifying = notifyingFields(fields);
  const before: FieldValues = {};
  let urgent = false;
  for (const [field, value] of Object.entries(changes)) {
    if (!notifying.get(field) || !(field in written)) continue;
    const previous = written[field] ?? null;
    if (sameValue(previous, value)) continue;
    before[field] = previous;
    urgent ||= isUrgent(value, settings.urgent[field]);
  }
  return Object.keys(before).length ? { before, urgent } : null;
}

function isUrgent(value: FieldValue, urgentValues: string[] | undefined): boolean {
  if (!value || !urgentValues?.length) return false;
  const shown = value.type === 'enum' ? value.option : value.type === 'text' ? value.text : null;
  return shown !== null && urgentValues.some((u) => u.toLowerCase() === shown.toLowerCase());
}

/** Pure: the fields whose announced value differs from the baseline (a change and its revert cancel out). */
export function netChanges(
  baseline: FieldValues,
  current: FieldValues,
): Array<{ field: string; from: FieldValue; to: FieldValue }> {
  return Object.entries(baseline)
    .map(([field, from]) => ({ field, from, to: current[field] ?? null }))
    .filter(({ from, to }) => !sameValue(from, to));
}
