import { findLinkByIssueId } from '../../adapters/storage/links-repo';
import { diffValues } from '../../engine/diff-values';
import { peopleToResolve } from '../../engine/desired-values';
import { explainValues } from '../../engine/explain-values';
import type { FieldValue, FieldValues } from '../../engine/types';
import { NotFoundError } from '../../platform/errors/app-errors';
import { resolvePeople } from '../people/resolve-people';
import type { Ctx } from '../context';

export interface IssuePreview {
  /** The mapping previewed. */
  mapping: string;
  jiraKey: string;
  /** The linked task, if the issue is linked. */
  taskId: string | null;
  fields: Array<{
    field: string;
    /** What the mapping writes; `undefined`: it leaves the field as it is. */
    value: FieldValue | undefined;
    rule: string;
    /** What the bridge last wrote there (linked issues); `undefined` when it never wrote it. */
    written: FieldValue | undefined;
    /** Whether the next sync would write this field. */
    changes: boolean;
  }>;
}

/**
 * What the tracker task would hold for a Jira issue under the context's mapping, field by field,
 * with the rule behind each value. Reads Jira (and the tracker's people directory) and writes
 * nothing anywhere.
 */
export async function previewIssue(ctx: Ctx, jiraKey: string): Promise<IssuePreview> {
  const issue = await ctx.jira.getIssue(jiraKey);
  if (!issue) throw new NotFoundError(`Jira issue ${jiraKey} does not exist or the bridge's account cannot see it`);
  const wanted = peopleToResolve(issue, ctx.config.fields);
  const people = wanted.length ? await resolvePeople(ctx, wanted, false) : undefined;
  const link = await findLinkByIssueId(ctx.db, issue.id, ctx.mapping);
  const written = (link?.writtenValues ?? {}) as FieldValues;
  const explained = explainValues(issue, ctx.config.fields, people);
  // What a sync would write: the same comparison the sync makes.
  const desired = Object.fromEntries(explained.flatMap((f) => (f.value === undefined ? [] : [[f.field, f.value]])));
  const changes = diffValues(desired, written);
  return {
    mapping: ctx.mapping,
    jiraKey: issue.key,
    taskId: link?.taskId ?? null,
    fields: explained.map((f) => ({
      ...f,
      written: f.field in written ? (written[f.field] ?? null) : undefined,
      changes: f.field in changes,
    })),
  };
}
