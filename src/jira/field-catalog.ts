/** Jira field ids the mapping needs; they vary by site, so they are looked up by name. */
export interface JiraFieldCatalog {
  sprintFieldId: string | null;
  storyPointsFieldId: string | null;
  /** The field that may name the tracker task (config `autoLinkJiraField`). */
  referenceFieldId?: string | null;
}

export interface JiraFieldDescription {
  id?: string;
  name?: string;
  schema?: { custom?: string };
}

const SPRINT_SCHEMA = 'com.pyxis.greenhopper.jira:gh-sprint';

/** Pure: finds the sprint and story points fields among `/rest/api/3/field` results. */
export function resolveJiraFields(fields: readonly JiraFieldDescription[], storyPointsNames: readonly string[], referenceFieldName?: string): JiraFieldCatalog {
  const sprint = fields.find((f) => f.schema?.custom === SPRINT_SCHEMA) ?? fields.find((f) => f.name === 'Sprint');
  let storyPoints: JiraFieldDescription | undefined;
  for (const wanted of storyPointsNames) {
    storyPoints = fields.find((f) => f.name?.toLowerCase() === wanted.toLowerCase());
    if (storyPoints) break;
  }
  const catalog: JiraFieldCatalog = { sprintFieldId: sprint?.id ?? null, storyPointsFieldId: storyPoints?.id ?? null };
  if (referenceFieldName) catalog.referenceFieldId = fields.find((f) => f.name?.toLowerCase() === referenceFieldName.toLowerCase())?.id ?? null;
  return catalog;
}
