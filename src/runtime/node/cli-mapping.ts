import type { Ctx } from '../../flows/context';
import { previewIssue } from '../../flows/preview/preview-issue';
import { setupFields } from '../../flows/setup/setup-fields';
import { fieldsText, projectsText, setupText } from './cli-discover';
import { previewText } from './cli-preview';
import type { CliInvocation } from './cli-args';

/**
 * `projects`, `fields`, `setup [--dry-run]`, `preview <JIRA-KEY>`: finding, preparing and trying
 * the mappings (every one, or the one `--mapping` names).
 */
export async function mappingCommand(
  root: Ctx,
  command: 'projects' | 'fields' | 'setup' | 'preview',
  { args, flags }: CliInvocation,
  print: (text: string, json: unknown) => void,
): Promise<number> {
  const { tracker } = root;
  const names = flags.mapping !== undefined ? [root.inMapping(flags.mapping).mapping] : root.mappingNames;
  const several = root.mappingNames.length > 1;
  const projectIds = root.mappingNames.map((n) => root.inMapping(n).tracker.projectId);
  switch (command) {
    case 'projects': {
      const workspaces = await tracker.setup.listProjects();
      print(projectsText(workspaces, tracker.name, projectIds), workspaces);
      return 0;
    }
    case 'fields': {
      const jira = await root.jira.listFields();
      const projects = [];
      for (const project of new Set(names.map((n) => root.inMapping(n).tracker.projectId))) {
        const ctx = root.inMapping(names.find((n) => root.inMapping(n).tracker.projectId === project)!);
        projects.push({ project, fields: await ctx.tracker.setup.listFields() });
      }
      print(fieldsText(jira, projects, tracker.name), { jira, tracker: projects[0]!.fields, projects });
      return 0;
    }
    case 'setup': {
      const report = await setupFields(root, {
        dryRun: flags.dryRun,
        ...(flags.mapping && { mapping: flags.mapping }),
      });
      print(setupText(report, tracker.name, flags.dryRun), report);
      return report.problems.length ? 1 : 0;
    }
    case 'preview': {
      const previews = [];
      for (const name of names) previews.push(await previewIssue(root.inMapping(name), args[0]!.toUpperCase()));
      print(previews.map((p) => previewText(p, several)).join('\n\n'), previews.length === 1 ? previews[0] : previews);
      return 0;
    }
  }
}
