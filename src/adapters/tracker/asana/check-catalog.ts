import type { ExpectedField } from '../../../engine/types';
import { fieldKey, findOption, type AsanaFieldCatalog } from './field-catalog';

const SUBTYPE_FOR: Record<ExpectedField['type'], string> = {
  enum: 'enum',
  multi_enum: 'multi_enum',
  text: 'text',
  number: 'number',
  date: 'date',
  people: 'people',
};

/** Pure: what in the config the Asana project cannot hold, one message per problem. */
export function checkCatalog(expected: readonly ExpectedField[], catalog: AsanaFieldCatalog): string[] {
  const problems: string[] = [];
  for (const want of expected) {
    const found = catalog.byName.get(fieldKey(want.name)) ?? [];
    const where = `${want.configPath}: Asana field "${want.name}"`;
    if (found.length === 0) {
      const known = catalog.fields.map((f) => f.name).join(', ') || 'none';
      problems.push(`${where} does not exist in the project (its fields: ${known})`);
      continue;
    }
    if (found.length > 1) {
      problems.push(`${where} is ambiguous: ${found.length} fields share that name`);
      continue;
    }
    const field = found[0]!;
    if (field.subtype !== SUBTYPE_FOR[want.type]) {
      problems.push(`${where} is a ${field.subtype} field, but the config writes ${want.type} values`);
      continue;
    }
    for (const option of want.options) {
      const match = findOption(field, option);
      if (!match)
        problems.push(`${where} has no option "${option}" (options: ${field.options.map((o) => o.name).join(', ')})`);
      else if (!match.enabled) problems.push(`${where}: option "${option}" is disabled in Asana`);
    }
  }
  return problems;
}
