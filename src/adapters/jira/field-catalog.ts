/** Jira field ids the mapping needs; they vary by site, so they are looked up by name. */
export interface JiraFieldCatalog {
  sprintFieldId: string | null;
  /**
   * Every field answering to a configured story points name, in the config's order: sites can
   * have several (company-managed "Story Points", team-managed "Story point estimate"), and the
   * one an issue uses is the one holding a value on it.
   */
  storyPointsFieldIds: string[];
  /** The field that may name the tracker task (config `autoLinkJiraField`). */
  referenceFieldId?: string | null;
  /** The field each `fields.custom` entry reads, by the entry's `jira` (an id, or a name as Jira shows it). */
  customFieldIds?: Record<string, string>;
}

export interface JiraFieldDescription {
  id?: string;
  name?: string;
  custom?: boolean;
  schema?: { type?: string; items?: string; custom?: string };
}

const SPRINT_SCHEMA = 'com.pyxis.greenhopper.jira:gh-sprint';

/** Pure: finds the sprint and story points fields among `/rest/api/3/field` results. */
export function resolveJiraFields(
  fields: readonly JiraFieldDescription[],
  storyPointsNames: readonly string[],
  referenceFieldName?: string,
  customFields: readonly string[] = [],
): JiraFieldCatalog {
  const sprint = fields.find((f) => f.schema?.custom === SPRINT_SCHEMA) ?? fields.find((f) => f.name === 'Sprint');
  const named = (wanted: string) =>
    fields.filter((f) => f.id && f.name?.trim().toLowerCase() === wanted.trim().toLowerCase()).map((f) => f.id!);
  const storyPointsFieldIds = [...new Set(storyPointsNames.flatMap(named))];
  const catalog: JiraFieldCatalog = { sprintFieldId: sprint?.id ?? null, storyPointsFieldIds };
  if (referenceFieldName) catalog.referenceFieldId = named(referenceFieldName)[0] ?? null;
  if (customFields.length) {
    catalog.customFieldIds = {};
    for (const ref of new Set(customFields)) {
      // An id first (`labels`, `customfield_10050`), then a name as Jira shows it; absent: unknown.
      const id = fields.find((f) => f.id === ref)?.id ?? named(ref)[0];
      if (id) catalog.customFieldIds[ref] = id;
    }
  }
  return catalog;
}
