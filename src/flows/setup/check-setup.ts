import { expectedFields } from '../../engine/expected-fields';
import { lookup } from '../../engine/lookup';
import { currentGaps } from '../people/user-map-service';
import type { Ctx } from '../context';
import { linksPerMapping } from '../../adapters/storage/links-repo';

export interface SetupReport {
  problems: string[];
  notes: string[];
  /** Values met in Jira that the mapping could not place (unmapped users, unknown statuses). */
  gaps: string[];
}

/**
 * Compares every mapping with its live tracker project and the Jira site's fields, and lists the
 * mapping gaps seen and the links under mappings the config no longer has.
 */
export async function checkSetup(root: Ctx): Promise<SetupReport> {
  const report: SetupReport = { problems: [], notes: [], gaps: [] };
  const several = root.mappingNames.length > 1;
  for (const name of root.mappingNames) {
    const { problems, notes } = await checkMapping(root.inMapping(name), several);
    const tag = several ? `mapping "${name}": ` : '';
    report.problems.push(...problems.map((p) => tag + p));
    report.notes.push(...notes.map((n) => tag + n));
  }
  const catalog = await root.jira.fieldCatalog();
  if (root.config.autoLinkJiraField) {
    if (catalog.referenceFieldId) report.notes.push(`auto-link field: Jira field ${catalog.referenceFieldId}`);
    else report.problems.push(`autoLinkJiraField: the Jira site has no field named "${root.config.autoLinkJiraField}"`);
  }
  for (const [mapping, count] of await linksPerMapping(root.db))
    if (!root.mappingNames.includes(mapping))
      report.problems.push(
        `${count} link${count > 1 ? 's were' : ' was'} made under mapping "${mapping}", which the config no longer has: they are not synced (put the mapping back, or unlink them)`,
      );
  const subject = {
    'unmapped-user': 'Jira user ',
    'unknown-status': 'status',
    'unmapped-value': 'Jira value ',
  } as const;
  report.gaps = (await currentGaps(root)).map(
    (g) =>
      `${g.field}: ${subject[g.kind]}${g.kind === 'unknown-status' ? '' : g.subject} — ${g.detail} (last on ${g.lastIssueKey}, ${g.occurrences}x)`,
  );
  return report;
}

/** One mapping's fields against its tracker project and the Jira site. */
async function checkMapping(deps: Ctx, several: boolean): Promise<Pick<SetupReport, 'problems' | 'notes'>> {
  // What `setup` can add (a missing field or option) says so; the rest needs the config changed.
  const fix = `npm run cli -- setup${several ? ` --mapping ${deps.mapping}` : ''}`;
  const problems = (
    await deps.tracker.tasks.checkFields(
      expectedFields(deps.config.fields, deps.config.notifications.recipients.requesterField),
    )
  ).map((p) => (p.setupAdds ? `${p.message} — fix: ${fix}` : p.message));
  const notes: string[] = [];
  await checkBoard(deps, problems, notes);
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
  deps.config.fields.custom.forEach((entry, i) => {
    const id = catalog.customFieldIds?.[entry.jira];
    if (!id)
      problems.push(
        `fields.custom[${i}]: the Jira site has no field with the id or name "${entry.jira}" — see: npm run cli -- fields`,
      );
    else if (id !== entry.jira) notes.push(`${entry.field}: Jira field ${id} ("${entry.jira}")`);
  });
  return { problems, notes };
}

/** With `board`: the section each mapped status goes to, and whether the project has it. */
async function checkBoard(deps: Ctx, problems: string[], notes: string[]): Promise<void> {
  const board = deps.config.board;
  if (!board?.enabled) return;
  const { status } = deps.config.fields;
  const options = new Set([...Object.values(status.map), ...Object.values(status.byCategory)]);
  if (status.onDeleted) options.add(status.onDeleted);
  const wanted = new Set([...options].map((option) => lookup(board.sections, option) ?? option));
  const existing = new Set((await deps.tracker.board.listSections()).map((s) => s.trim().toLowerCase()));
  const missing = [...wanted].filter((section) => !existing.has(section.trim().toLowerCase()));
  if (!missing.length) return;
  const list = missing.map((m) => `"${m}"`).join(', ');
  if (board.createSections) notes.push(`board: sections ${list} are created when a task first needs them`);
  else problems.push(`board: the project has no section ${list} and createSections is false: add them in the tracker`);
}
