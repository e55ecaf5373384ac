import type { FieldValue, FieldValues } from './types';

/** The entries of `desired` that differ from what was last written. */
export function diffValues(desired: FieldValues, written: FieldValues): FieldValues {
  const changes: FieldValues = {};
  for (const [field, value] of Object.entries(desired)) {
    const before = field in written ? (written[field] ?? null) : undefined;
    if (before === undefined || !sameValue(value, before)) changes[field] = value;
  }
  return changes;
}

export function sameValue(a: FieldValue, b: FieldValue): boolean {
  if (a === null || b === null) return a === b;
  return canonical(a) === canonical(b);
}

function canonical(value: Exclude<FieldValue, null>): string {
  // People compare by who they are, not by the name shown.
  if (value.type === 'people') return JSON.stringify({ type: 'people', ids: value.users.map((u) => u.id).sort() });
  // The tracker lists a multi-select's options in its own order.
  if (value.type === 'multi_enum') return JSON.stringify({ type: 'multi_enum', options: [...value.options].sort() });
  return JSON.stringify(value, Object.keys(value).sort());
}
