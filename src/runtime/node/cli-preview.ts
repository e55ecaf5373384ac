import { show } from '../../engine/notices/compose-notice';
import type { IssuePreview } from '../../flows/preview/preview-issue';

/** `cli preview`: one line per tracker field, its value, whether the next sync writes it, and the rule. */
export function previewText(preview: IssuePreview, named = false): string {
  const width = Math.max(...preview.fields.map((f) => f.field.length));
  const lines = preview.fields.map((f) => {
    const value = f.value === undefined ? '(left as it is)' : show(f.value);
    const mark = f.changes ? '*' : ' ';
    return `${mark} ${f.field.padEnd(width)}  ${value}\n    ${f.rule}`;
  });
  const target = preview.taskId ? `linked to task ${preview.taskId}` : 'not linked';
  const mapping = named ? ` under mapping "${preview.mapping}"` : '';
  return `${preview.jiraKey}${mapping} (${target}); * = the next sync writes it\n${lines.join('\n')}`;
}
