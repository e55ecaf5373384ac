import type { CustomFieldMapping } from '../platform/config/schema';
import { lookup } from './lookup';
import type { FieldValue, JiraFieldValue, MappingGap, PeopleLookup, TrackerUser } from './types';

/** What a `fields.custom` entry writes: a value, or `undefined` to leave the field; and why it left it. */
export interface CustomFieldResult {
  value: FieldValue | undefined;
  gaps: MappingGap[];
}

/**
 * Pure: the tracker value of one `fields.custom` entry for the Jira field's value. `undefined`:
 * the Jira field could not be found on the site, so the field is left as it is (`check` says
 * why); an issue without a value for a field that exists clears it.
 */
export function customFieldValue(
  entry: CustomFieldMapping,
  jira: JiraFieldValue | undefined,
  people: PeopleLookup,
): CustomFieldResult {
  if (jira === undefined) return leave([]);
  const value = jira;
  switch (entry.type) {
    case 'text':
      return write(textOrNull(value.texts.join(', ')));
    case 'number': {
      const number = value.number ?? parseNumber(value.texts[0]);
      return write(number === null ? null : { type: 'number', value: number });
    }
    case 'date': {
      // A datetime field's value is written as its date, as Jira shows it (the time zone's day).
      const date = value.texts.map((t) => /^\d{4}-\d{2}-\d{2}/.exec(t)?.[0]).find(Boolean);
      return write(date ? { type: 'date', date } : null);
    }
    case 'enum': {
      if (value.texts.length === 0) return write(null);
      const option = options(entry, value.texts.slice(0, 1));
      return option.leave ? leave(option.gaps) : write({ type: 'enum', option: option.names[0]! }, option.gaps);
    }
    case 'multi_enum': {
      const mapped = options(entry, value.texts);
      if (mapped.leave) return leave(mapped.gaps);
      return write(mapped.names.length ? { type: 'multi_enum', options: mapped.names } : null, mapped.gaps);
    }
    case 'people':
      return peopleValue(entry, value, people);
  }
}

/** Jira values to options, in Jira's order, each once; `leave` when one of them leaves the field. */
function options(entry: CustomFieldMapping, texts: string[]): { names: string[]; leave: boolean; gaps: MappingGap[] } {
  const names: string[] = [];
  const gaps: MappingGap[] = [];
  let leaveField = false;
  for (const text of texts) {
    const listed = lookup(entry.map, text);
    let option: string | undefined = listed;
    if (listed === undefined) {
      if (entry.unmapped === 'same-name') option = text;
      else if (entry.unmapped === 'default') option = entry.default;
      else {
        leaveField = true;
        if (entry.unmapped === 'report')
          gaps.push({
            kind: 'unmapped-value',
            subject: text,
            detail: `Jira ${entry.jira} "${text}" is not in the map of ${entry.field}`,
            field: entry.field,
          });
      }
    }
    if (option !== undefined && !names.some((n) => n.toLowerCase() === option!.toLowerCase())) names.push(option);
  }
  return { names, leave: leaveField, gaps };
}

/** Everyone in the field, as tracker users; one the user map cannot place leaves the field. */
function peopleValue(entry: CustomFieldMapping, value: JiraFieldValue, people: PeopleLookup): CustomFieldResult {
  const users: TrackerUser[] = [];
  const gaps: MappingGap[] = [];
  for (const person of value.people) {
    const found = person.accountId ? people.get(person.accountId) : undefined;
    if (found && !('unmapped' in found)) {
      if (!users.some((u) => u.id === found.id)) users.push(found);
      continue;
    }
    const reason = found && 'unmapped' in found ? found.unmapped : 'Jira sent no account id for them';
    gaps.push({
      kind: 'unmapped-user',
      subject: person.accountId ?? person.displayName,
      detail: `${person.displayName}: ${reason}`,
      field: entry.field,
    });
  }
  if (gaps.length) return leave(gaps);
  return write(users.length ? { type: 'people', users } : null);
}

const write = (value: FieldValue, gaps: MappingGap[] = []): CustomFieldResult => ({ value, gaps });
const leave = (gaps: MappingGap[]): CustomFieldResult => ({ value: undefined, gaps });

function textOrNull(text: string): FieldValue {
  return text ? { type: 'text', text } : null;
}

function parseNumber(text: string | undefined): number | null {
  const number = text === undefined ? NaN : Number(text.trim());
  return text?.trim() && Number.isFinite(number) ? number : null;
}
