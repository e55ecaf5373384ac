import type { FieldSetupReport } from '../../adapters/tracker/tracker';
import { expectedFields } from '../../engine/expected-fields';
import type { Ctx } from '../context';

export interface ProjectSetupReport extends FieldSetupReport {
  /** The tracker project, and the mappings whose fields it was given. */
  project: string;
  mappings: string[];
}

/** Every project's report, and (for one project) its steps and problems at the top as before. */
export interface SetupReport extends FieldSetupReport {
  projects: ProjectSetupReport[];
}

/**
 * Gives each tracker project the fields and options its mappings write and it lacks (`dryRun`:
 * only says what it would do). Mappings that share a project are prepared together, in one plan,
 * so a field two of them write is created once. A rerun after a complete run changes nothing.
 */
export async function setupFields(
  root: Ctx,
  options: { dryRun: boolean; mapping?: string | undefined },
): Promise<SetupReport> {
  const byProject = new Map<string, Ctx[]>();
  for (const name of options.mapping !== undefined ? [options.mapping] : root.mappingNames) {
    const ctx = root.inMapping(name);
    byProject.set(ctx.tracker.projectId, [...(byProject.get(ctx.tracker.projectId) ?? []), ctx]);
  }
  const projects: ProjectSetupReport[] = [];
  for (const [project, contexts] of byProject) {
    const expected = contexts.flatMap((ctx) =>
      expectedFields(ctx.config.fields, ctx.config.notifications.recipients.requesterField),
    );
    const report = await contexts[0]!.tracker.setup.prepareFields(expected, options);
    projects.push({ project, mappings: contexts.map((c) => c.mapping), ...report });
  }
  return {
    steps: projects.flatMap((p) => p.steps),
    problems: projects.flatMap((p) =>
      p.problems.map((problem) => (projects.length > 1 ? `project ${p.project}: ${problem}` : problem)),
    ),
    projects,
  };
}
