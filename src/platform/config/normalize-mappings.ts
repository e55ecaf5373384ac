import { z } from 'zod';
import { TOP_LEVEL_MAPPING } from './mapping-schema';
import {
  rawConfigSchemaWith,
  type BridgeConfig,
  type MappingConfig,
  type RawConfig,
  type TrackerConfigSpec,
} from './schema';

/** The whole config schema: as written (see `rawConfigSchemaWith`), then made into the one the bridge uses. */
export function configSchemaWith(trackers: readonly TrackerConfigSpec[]) {
  const { schema, section } = rawConfigSchemaWith(trackers);
  return schema.transform((raw, ctx) => normalizeMappings(raw as RawConfig, section, ctx) ?? z.NEVER);
}

/**
 * Turns the written config into the one the bridge uses: every mapping complete, named, with its
 * tracker section checked by the tracker's own schema (the top-level `tracker` with the mapping's
 * overrides). The top level is a mapping when it has `scope` or `fields`; a config of `mappings`
 * alone may leave them out. Every problem is reported on the path the user wrote; undefined then.
 */
export function normalizeMappings(raw: RawConfig, section: z.ZodType, ctx: z.RefinementCtx): BridgeConfig | undefined {
  let valid = true;
  const problem = (path: PropertyKey[], message: string) => {
    valid = false;
    ctx.addIssue({ code: 'custom', path, message });
  };
  // Whether the top level has both `scope` and `fields` was checked already (topLevelMappingComplete).
  const topIsMapping = raw.scope !== undefined || raw.fields !== undefined || raw.mappings.length === 0;
  if (!topIsMapping)
    for (const key of ['commit', 'comments', 'statusUpdates', 'board'] as const)
      if (raw[key]) problem([key], 'belongs to a mapping: with no top-level mapping, set it in one of `mappings`');

  const seen = new Set(topIsMapping ? [TOP_LEVEL_MAPPING] : []);
  raw.mappings.forEach((m, i) => {
    if (seen.has(m.name))
      problem(
        ['mappings', i, 'name'],
        m.name === TOP_LEVEL_MAPPING
          ? `"${TOP_LEVEL_MAPPING}" is the top-level mapping's name`
          : `"${m.name}" names two mappings`,
      );
    seen.add(m.name);
  });

  const trackerOf = (path: PropertyKey[], value: unknown): RawConfig['tracker'] | undefined => {
    const parsed = section.safeParse(value);
    if (parsed.success) return parsed.data as RawConfig['tracker'];
    for (const issue of parsed.error.issues) {
      const missing = issue.code === 'invalid_type' && issue.input === undefined;
      problem([...path, ...issue.path], missing ? 'required, here or in the top-level `tracker`' : issue.message);
    }
    return undefined;
  };
  const mappings: Array<MappingConfig | undefined> = [];
  if (topIsMapping) {
    const tracker = trackerOf(['tracker'], raw.tracker);
    mappings.push(
      raw.scope && raw.fields && tracker
        ? {
            name: TOP_LEVEL_MAPPING,
            scope: raw.scope,
            tracker,
            fields: raw.fields,
            notifications: raw.notifications,
            commit: raw.commit,
            comments: raw.comments,
            statusUpdates: raw.statusUpdates,
            board: raw.board,
            autoLink: raw.autoLink,
          }
        : undefined,
    );
  }
  raw.mappings.forEach((m, i) => {
    const tracker = trackerOf(['mappings', i, 'tracker'], { ...raw.tracker, ...m.tracker, kind: raw.tracker.kind });
    mappings.push(
      tracker && {
        name: m.name,
        scope: m.scope,
        tracker,
        fields: m.fields,
        notifications: m.notifications ?? raw.notifications,
        commit: m.commit,
        comments: m.comments,
        statusUpdates: m.statusUpdates,
        board: m.board,
        autoLink: m.autoLink ?? raw.autoLink,
      },
    );
  });
  const [first, ...others] = mappings;
  if (!first || !valid) return undefined;
  return { ...raw, ...first, mappings: others as MappingConfig[] };
}

/** Every mapping as a config of its own: the deployment's settings with that mapping's (and no others). */
export function mappingViews(config: BridgeConfig): BridgeConfig[] {
  const { mappings, ...top } = config;
  return [top, ...mappings].map((m) => ({
    ...top,
    commit: undefined,
    comments: undefined,
    statusUpdates: undefined,
    ...m,
    mappings: [],
  }));
}
