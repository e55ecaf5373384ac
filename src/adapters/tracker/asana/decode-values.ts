import type { FieldValue } from '../../../engine/types';

/** A custom field as `GET /tasks/{gid}` returns it with the opt_fields asked for in asana-tracker.ts. */
export interface AsanaTaskCustomField {
  gid?: string;
  name?: string;
  resource_subtype?: string;
  text_value?: string | null;
  number_value?: number | null;
  enum_value?: { name?: string } | null;
  multi_enum_values?: Array<{ name?: string }> | null;
  date_value?: { date?: string | null } | null;
  people_value?: Array<{ gid?: string; name?: string }> | null;
}

/** Pure: reads a task's custom field back as an engine value; `undefined` for kinds the bridge does not write. */
export function decodeValue(field: AsanaTaskCustomField): FieldValue | undefined {
  switch (field.resource_subtype) {
    case 'enum':
      return field.enum_value?.name ? { type: 'enum', option: field.enum_value.name } : null;
    case 'multi_enum': {
      const options = (field.multi_enum_values ?? []).flatMap((o) => (o.name ? [o.name] : []));
      return options.length ? { type: 'multi_enum', options } : null;
    }
    case 'text':
      return field.text_value ? { type: 'text', text: field.text_value } : null;
    case 'number':
      return typeof field.number_value === 'number' ? { type: 'number', value: field.number_value } : null;
    case 'date':
      return field.date_value?.date ? { type: 'date', date: field.date_value.date } : null;
    case 'people': {
      const users = (field.people_value ?? [])
        .filter((p) => p.gid)
        .map((p) => ({ id: p.gid!, name: p.name ?? p.gid! }));
      return users.length ? { type: 'people', users } : null;
    }
    default:
      return undefined;
  }
}
