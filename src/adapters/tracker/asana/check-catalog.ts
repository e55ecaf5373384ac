import type { ExpectedField } from '../../../engine/types';
import type { FieldProblem } from '../tracker';
import { fieldKey, findOption, type AsanaFieldCatalog } from './field-catalog';

const SUBTYPE_FOR: Record<ExpectedField['type'], string> = {
  enum: 'enum',
  multi_enum: 'multi_enum',
  text: 'text',
  number: 'number',
  date: 'date',
  people: 'people',
};

/** Pure: what in the config the Asana project cannot hold, one problem each. */
export function checkCatalog(expected: readonly ExpectedField[], catalog: AsanaFieldCatalog): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const fix = (message: string) => problems.push({ message, setupAdds: true });
  const change = (message: string) => problems.push({ message, setupAdds: false });
  for (const want of expected) {
    const found = catalog.byName.get(fieldKey(want.name)) ?? [];
    const where = `${want.configPath}: Asana field "${want.name}"`;
    if (found.length === 0) {
      const known = catalog.fields.map((f) => f.name).join(', ') || 'none';
      fix(`${where} does not exist in the project (its fields: ${known})`);
      continue;
    }
    if (found.length > 1) {
      change(`${where} is ambiguous: ${found.length} fields share that name`);
      continue;
    }
    const field = found[0]!;
    if (field.subtype !== SUBTYPE_FOR[want.type]) {
      change(`${where} is a ${field.subtype} field, but the config writes ${want.type} values`);
      continue;
    }
    for (const option of want.options) {
      const match = findOption(field, option);
      if (!match) fix(`${where} has no option "${option}" (options: ${field.options.map((o) => o.name).join(', ')})`);
      else if (!match.enabled) change(`${where}: option "${option}" is disabled in Asana`);
    }
  }
  return problems;
}
