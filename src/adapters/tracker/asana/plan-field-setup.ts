import type { ExpectedField } from '../../../engine/types';
import type { FieldSetupStep } from '../tracker';
import { fieldKey, findOption, type AsanaField, type AsanaFieldCatalog } from './field-catalog';

export interface FieldSetupPlan {
  steps: Array<FieldSetupStep & { gid?: string }>;
  /** What setup cannot fix by adding: a field of another type, a name shared by several fields. */
  problems: string[];
}

/**
 * Pure: what the project lacks for the fields the config writes. A field missing from the project
 * is added from the workspace's library when one of that name and type exists there, else
 * created (with its options); an option missing from a field is added to it. The same field
 * expected twice (by two config paths) is planned once, with all its options.
 */
export function planFieldSetup(
  expected: readonly ExpectedField[],
  project: AsanaFieldCatalog,
  workspace: AsanaFieldCatalog,
): FieldSetupPlan {
  const plan: FieldSetupPlan = { steps: [], problems: [] };
  const wanted = new Map<string, ExpectedField>();
  for (const field of expected) {
    const key = fieldKey(field.name);
    const seen = wanted.get(key);
    if (seen && seen.type !== field.type)
      plan.problems.push(
        `"${field.name}" is written as ${seen.type} (${seen.configPath}) and as ${field.type} (${field.configPath})`,
      );
    else wanted.set(key, { ...field, options: [...new Set([...(seen?.options ?? []), ...field.options])] });
  }
  for (const want of wanted.values()) {
    const inProject = project.byName.get(fieldKey(want.name)) ?? [];
    if (inProject.length > 1) {
      plan.problems.push(`${want.configPath}: ${inProject.length} fields of the project are named "${want.name}"`);
      continue;
    }
    const existing = inProject[0];
    if (existing) {
      if (!sameType(existing, want))
        plan.problems.push(
          `${want.configPath}: "${want.name}" is a ${existing.subtype} field, the config writes ${want.type}`,
        );
      else addOptions(plan, existing, want);
      continue;
    }
    const library = (workspace.byName.get(fieldKey(want.name)) ?? []).find((f) => sameType(f, want));
    if (library) {
      plan.steps.push({ action: 'add-field', field: library.name, type: want.type, options: [], gid: library.gid });
      addOptions(plan, library, want);
    } else plan.steps.push({ action: 'create-field', field: want.name, type: want.type, options: want.options });
  }
  return plan;
}

const sameType = (field: AsanaField, want: ExpectedField) => field.subtype === want.type;

function addOptions(plan: FieldSetupPlan, field: AsanaField, want: ExpectedField) {
  const missing = want.options.filter((option) => !findOption(field, option));
  if (missing.length)
    plan.steps.push({ action: 'add-options', field: field.name, type: want.type, options: missing, gid: field.gid });
}
