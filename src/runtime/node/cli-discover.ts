import type { JiraFieldDescription } from '../../adapters/jira/field-catalog';
import type { FieldSetupReport, TrackerFieldInfo, TrackerWorkspace } from '../../adapters/tracker/tracker';

/** `cli projects`: every workspace and its projects, with the ids the config takes. */
export function projectsText(workspaces: TrackerWorkspace[], trackerName: string, configured: string[]): string {
  if (workspaces.length === 0) return `The ${trackerName} token sees no workspace.`;
  return workspaces
    .map((w) => {
      const projects = w.projects.map(
        (p) => `  ${p.id}  ${p.name}${configured.includes(p.id) ? '   <- tracker.projectGid in the config' : ''}`,
      );
      return [`Workspace "${w.name}" (${w.id})`, ...(projects.length ? projects : ['  (no projects)'])].join('\n');
    })
    .join('\n');
}

/** How a Jira field's values look, from its schema: `array of option`, `user`, `number`, ... */
const jiraType = (f: JiraFieldDescription) =>
  f.schema?.type === 'array' ? `array of ${f.schema.items ?? 'values'}` : (f.schema?.type ?? 'unknown');

/** `cli fields`: the Jira site's fields (ids, names, types) and the tracker project's (types, options). */
export function fieldsText(
  jira: JiraFieldDescription[],
  projects: Array<{ project: string; fields: TrackerFieldInfo[] }>,
  trackerName: string,
): string {
  const sorted = [...jira].filter((f) => f.id).sort((a, b) => (a.name ?? '').localeCompare(b.name ?? ''));
  const idWidth = Math.max(...sorted.map((f) => f.id!.length), 2);
  const nameWidth = Math.max(...sorted.map((f) => (f.name ?? '').length), 4);
  const jiraLines = sorted.map(
    (f) =>
      `  ${f.id!.padEnd(idWidth)}  ${(f.name ?? '').padEnd(nameWidth)}  ${jiraType(f)}${f.custom ? ' (custom)' : ''}`,
  );
  const trackerLines = (fields: TrackerFieldInfo[]) =>
    fields.map(
      (f) => `  ${f.name}: ${f.type}${f.options.length ? ` (${f.options.map((o) => `"${o}"`).join(', ')})` : ''}`,
    );
  return [
    `Jira fields (fields.custom[].jira takes the id or the name):`,
    ...jiraLines,
    ...projects.flatMap(({ project, fields }) => [
      '',
      `${trackerName} project ${project} fields (field, type, options):`,
      ...(fields.length ? trackerLines(fields) : ['  (none)']),
    ]),
  ].join('\n');
}

const DONE = {
  'create-field': 'created',
  'add-field': "added from the workspace's fields",
  'add-options': 'options added:',
};
const PLANNED = {
  'create-field': 'would be created',
  'add-field': "would be added from the workspace's fields",
  'add-options': 'options to add:',
};

/** `cli setup`: what was done to the tracker project (or would be, with --dry-run), and what setup cannot fix. */
export function setupText(report: FieldSetupReport, trackerName: string, dryRun: boolean): string {
  const lines = report.steps.map((s) => {
    const options = s.options.length ? ` (${s.options.map((o) => `"${o}"`).join(', ')})` : '';
    return `  ${s.field} (${s.type}): ${(dryRun ? PLANNED : DONE)[s.action]}${options}`;
  });
  const head = report.steps.length
    ? `${dryRun ? 'Dry run: nothing changed in' : 'Done in'} the ${trackerName} project:`
    : `The ${trackerName} project has every field and option the config writes: nothing to do.`;
  const problems = report.problems.map((p) => `  - ${p}`);
  return [
    head,
    ...lines,
    ...(problems.length ? ['Setup cannot fix (change the config or the project):', ...problems] : []),
  ].join('\n');
}
