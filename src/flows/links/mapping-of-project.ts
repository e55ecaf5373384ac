import type { Ctx } from '../context';

/** The context of the mapping whose tracker project is `projectId`, or null when none is. */
export function mappingOfProject(root: Ctx, projectId: string | undefined): Ctx | null {
  if (projectId === undefined) return null;
  for (const name of root.mappingNames) {
    const ctx = root.inMapping(name);
    if (ctx.tracker.projectId === projectId) return ctx;
  }
  return null;
}
