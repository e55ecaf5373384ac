/** Jira field ids the mapping needs; they vary by site, so they are looked up by name. */
export interface JiraFieldCatalog {
  sprintFieldId: string | null;
  storyPointsFieldId: string | null;
}

export interface JiraFieldDescription {
  id?: string;
  name?: string;
  schema?: { custom?: string };
}

const SPRINT_SCHEMA = 'com.pyxis.greenhopper.jira:gh-sprint';

/** Pure: finds the sprint and story points fields among `/rest/api/3/field` results. */
export function resolveJiraFields(fields: readonly JiraFieldDescription[], storyPointsNames: readonly string[]): JiraFieldCatalog {
  const sprint = fields.find((f) => f.schema?.custom === SPRINT_SCHEMA) ?? fields.find((f) => f.name === 'Sprint');
  let storyPoints: JiraFieldDescription | undefined;
  for (const wanted of storyPointsNames) {
    storyPoints = fields.find((f) => f.name?.toLowerCase() === wanted.toLowerCase());
    if (storyPoints) break;
  }
  return { sprintFieldId: sprint?.id ?? null, storyPointsFieldId: storyPoints?.id ?? null };
}
