import { expectedFields } from '../../engine/expected-fields';
import { currentGaps } from '../people/user-map-service';
import type { Ctx } from '../context';

export interface SetupReport {
  problems: string[];
  notes: string[];
  /** Values met in Jira that the mapping could not place (unmapped users, unknown statuses). */
  gaps: string[];
}

/** Compares the config with the live tracker project and the Jira site's fields, and lists the mapping gaps seen. */
export async function checkSetup(deps: Pick<Ctx, 'config' | 'jira' | 'tracker' | 'db'>): Promise<SetupReport> {
  // What `setup` can add (a missing field or option) says so; the rest needs the config changed.
  const problems = (
    await deps.tracker.tasks.checkFields(
      expectedFields(deps.config.fields, deps.config.notifications.recipients.requesterField),
    )
  ).map((p) => (p.setupAdds ? `${p.message} — fix: npm run cli -- setup` : p.message));
  const notes: string[] = [];
  const catalog = await deps.jira.fieldCatalog();
  const { storyPoints, sprint } = deps.config.fields;
  if (storyPoints) {
    if (catalog.storyPointsFieldIds.length)
      notes.push(
        `story points: Jira field ${catalog.storyPointsFieldIds.join(' or ')} (the one holding a value on each issue)`,
      );
    else
      problems.push(
        `fields.storyPoints: no Jira field named ${storyPoints.jiraFieldNames.map((n) => `"${n}"`).join(' or ')}`,
      );
  }
  if (sprint) {
    if (catalog.sprintFieldId) notes.push(`sprint: Jira field ${catalog.sprintFieldId}`);
    else problems.push('fields.sprint: the Jira site has no Sprint field (is Jira Software enabled?)');
  }
  if (deps.config.autoLinkJiraField) {
    if (catalog.referenceFieldId) notes.push(`auto-link field: Jira field ${catalog.referenceFieldId}`);
    else problems.push(`autoLinkJiraField: the Jira site has no field named "${deps.config.autoLinkJiraField}"`);
  }
  deps.config.fields.custom.forEach((entry, i) => {
    const id = catalog.customFieldIds?.[entry.jira];
    if (!id)
      problems.push(
        `fields.custom[${i}]: the Jira site has no field with the id or name "${entry.jira}" — see: npm run cli -- fields`,
      );
    else if (id !== entry.jira) notes.push(`${entry.field}: Jira field ${id} ("${entry.jira}")`);
  });
  const subject = {
    'unmapped-user': 'Jira user ',
    'unknown-status': 'status',
    'unmapped-value': 'Jira value ',
  } as const;
  const gaps = (await currentGaps(deps)).map(
    (g) =>
      `${g.field}: ${subject[g.kind]}${g.kind === 'unknown-status' ? '' : g.subject} — ${g.detail} (last on ${g.lastIssueKey}, ${g.occurrences}x)`,
  );
  return { problems, notes, gaps };
}
