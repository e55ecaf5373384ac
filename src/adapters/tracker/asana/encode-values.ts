import type { FieldValue, FieldValues } from '../../../engine/types';
import { fieldKey, findOption, type AsanaFieldCatalog } from './field-catalog';

export type AsanaCustomFieldValue = string | number | string[] | { date: string } | null;

const TEXT_MAX = 1024;

/** Which tracker field types each Asana subtype can hold. */
const COMPATIBLE: Record<string, readonly string[]> = {
  enum: ['enum'],
  multi_enum: ['multi_enum'],
  text: ['text'],
  number: ['number'],
  date: ['date'],
  people: ['people'],
};

/**
 * Pure: turns engine values into the `custom_fields` map of `PUT /tasks/{gid}`. Names become
 * gids through the catalog; people are already Asana user gids. Values that cannot
 * be encoded are reported, never guessed.
 */
export function encodeValues(
  changes: FieldValues,
  catalog: AsanaFieldCatalog,
): { customFields: Record<string, AsanaCustomFieldValue>; problems: string[] } {
  const customFields: Record<string, AsanaCustomFieldValue> = {};
  const problems: string[] = [];
  for (const [name, value] of Object.entries(changes)) {
    const candidates = catalog.byName.get(fieldKey(name)) ?? [];
    const field = candidates[0];
    if (!field) {
      problems.push(`field "${name}" does not exist in the Asana project`);
      continue;
    }
    if (candidates.length > 1) {
      problems.push(`field name "${name}" is ambiguous: ${candidates.length} fields in the project share it`);
      continue;
    }
    if (value !== null && !COMPATIBLE[field.subtype]?.includes(value.type)) {
      problems.push(
        `field "${name}" is a ${field.subtype} field in Asana, but the config writes ${value.type} values to it`,
      );
      continue;
    }
    const encoded = encodeOne(value, field.precision, (option) => findOption(field, option)?.gid);
    if ('problem' in encoded) problems.push(`field "${name}": ${encoded.problem}`);
    else customFields[field.gid] = encoded.value;
  }
  return { customFields, problems };
}

function encodeOne(
  value: FieldValue,
  precision: number | null,
  optionGid: (name: string) => string | undefined,
): { value: AsanaCustomFieldValue } | { problem: string } {
  if (value === null) return { value: null };
  switch (value.type) {
    case 'enum': {
      const gid = optionGid(value.option);
      return gid ? { value: gid } : { problem: `option "${value.option}" does not exist` };
    }
    case 'multi_enum': {
      const gids = value.options.map((option) => ({ option, gid: optionGid(option) }));
      const missing = gids.filter((g) => !g.gid).map((g) => `"${g.option}"`);
      if (missing.length) return { problem: `option ${missing.join(', ')} does not exist` };
      return { value: value.options.length ? gids.map((g) => g.gid!) : null };
    }
    case 'text':
      return { value: value.text.length > TEXT_MAX ? `${value.text.slice(0, TEXT_MAX - 1)}…` : value.text };
    case 'number': {
      const factor = 10 ** (precision ?? 0);
      return { value: precision === null ? value.value : Math.round(value.value * factor) / factor };
    }
    case 'date':
      return { value: { date: value.date } };
    case 'people':
      return { value: value.users.length ? value.users.map((u) => u.id) : null };
  }
}
