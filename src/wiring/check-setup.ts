import { expectedFields } from '../engine/expected-fields';
import type { SyncDeps } from '../sync/sync-deps';

export interface SetupReport {
  problems: string[];
  notes: string[];
}

/** Compares the config with the live tracker project and the Jira site's fields. */
export async function checkSetup(deps: Pick<SyncDeps, 'config' | 'jira' | 'tracker'>): Promise<SetupReport> {
  const problems = await deps.tracker.checkFields(expectedFields(deps.config.fields, deps.config.notifications.recipients.requesterField));
  const notes: string[] = [];
  const catalog = await deps.jira.fieldCatalog();
  const { storyPoints, sprint } = deps.config.fields;
  if (storyPoints) {
    if (catalog.storyPointsFieldIds.length) notes.push(`story points: Jira field ${catalog.storyPointsFieldIds.join(' or ')} (the one holding a value on each issue)`);
    else problems.push(`fields.storyPoints: no Jira field named ${storyPoints.jiraFieldNames.map((n) => `"${n}"`).join(' or ')}`);
  }
  if (sprint) {
    if (catalog.sprintFieldId) notes.push(`sprint: Jira field ${catalog.sprintFieldId}`);
    else problems.push('fields.sprint: the Jira site has no Sprint field (is Jira Software enabled?)');
  }
  if (deps.config.autoLinkJiraField) {
    if (catalog.referenceFieldId) notes.push(`auto-link field: Jira field ${catalog.referenceFieldId}`);
    else problems.push(`autoLinkJiraField: the Jira site has no field named "${deps.config.autoLinkJiraField}"`);
  }
  return { problems, notes };
}
