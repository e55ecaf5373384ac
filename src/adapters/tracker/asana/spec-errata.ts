/**
 * Where Asana's published OpenAPI spec is narrower than the API it describes. The spec types
 * every `custom_fields` value written with `PUT /tasks/{gid}` as a string, but the API takes a
 * number for number fields, an array of user gids for people fields, `{date}` for date fields
 * and `null` to clear (Asana's custom fields guide; shared/contracts/README.md). The same patch
 * feeds the generated types and the request validator in tests, so both stay in step.
 * Everything else in the spec is used as published.
 */
export const TASK_CUSTOM_FIELD_VALUE_SCHEMA = {
  nullable: true,
  oneOf: [
    { type: 'string', maxLength: 1024 },
    { type: 'number' },
    { type: 'array', items: { type: 'string' } },
    {
      type: 'object',
      required: ['date'],
      additionalProperties: false,
      properties: { date: { type: 'string', format: 'date' } },
    },
  ],
} as const;

type Spec = { components?: { schemas?: Record<string, unknown> } };

export function applyAsanaSpecErrata<T extends Spec>(spec: T): T {
  const base = spec.components?.schemas?.TaskRequestBase as
    { allOf?: Array<{ properties?: Record<string, { additionalProperties?: unknown }> }> } | undefined;
  const customFields = base?.allOf?.find((part) => part.properties?.custom_fields)?.properties?.custom_fields;
  if (!customFields)
    throw new Error('Asana spec errata: TaskRequestBase.custom_fields not found; review spec-errata.ts');
  customFields.additionalProperties = structuredClone(TASK_CUSTOM_FIELD_VALUE_SCHEMA);
  return spec;
}
