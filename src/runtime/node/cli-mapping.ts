import type { Ctx } from '../../flows/context';
import { previewIssue } from '../../flows/preview/preview-issue';
import { setupFields } from '../../flows/setup/setup-fields';
import { fieldsText, projectsText, setupText } from './cli-discover';
import { previewText } from './cli-preview';

/** `projects`, `fields`, `setup [--dry-run]`, `preview <JIRA-KEY>`: finding, preparing and trying the mapping. */
export async function mappingCommand(
  ctx: Ctx,
  command: 'projects' | 'fields' | 'setup' | 'preview',
  args: string[],
  dryRun: boolean,
  print: (text: string, json: unknown) => void,
): Promise<number> {
  const { tracker } = ctx;
  switch (command) {
    case 'projects': {
      const workspaces = await tracker.setup.listProjects();
      print(projectsText(workspaces, tracker.name, tracker.projectId), workspaces);
      return 0;
    }
    case 'fields': {
      const [jira, fields] = await Promise.all([ctx.jira.listFields(), tracker.setup.listFields()]);
      print(fieldsText(jira, fields, tracker.name, tracker.projectId), { jira, tracker: fields });
      return 0;
    }
    case 'setup': {
      const report = await setupFields(ctx, { dryRun });
      print(setupText(report, tracker.name, dryRun), report);
      return report.problems.length ? 1 : 0;
    }
    case 'preview': {
      const preview = await previewIssue(ctx, args[0]!.toUpperCase());
      print(previewText(preview), preview);
      return 0;
    }
  }
}
