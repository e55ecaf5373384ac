// The zod members in use (see zod.ts), taken from zod's classic files, not its catch-all entry.
export {
  ZodType,
  any,
  array,
  boolean,
  custom,
  discriminatedUnion,
  enum,
  int,
  literal,
  number,
  object,
  optional,
  record,
  strictObject,
  string,
  union,
  unknown,
  url,
} from '../../../../node_modules/zod/v4/classic/schemas.js';
export { ZodError } from '../../../../node_modules/zod/v4/classic/errors.js';
export { NEVER } from '../../../../node_modules/zod/v4/core/core.js';
export * as coerce from '../../../../node_modules/zod/v4/classic/coerce.js';
export type * as core from '../../../../node_modules/zod/v4/core/index.js';
export type { infer, input, output } from '../../../../node_modules/zod/v4/core/core.js';
