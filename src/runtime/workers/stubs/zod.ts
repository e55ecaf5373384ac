// Replaces `zod` in the Worker bundle (see [alias] in wrangler.toml) with the members the bridge
// and jira.js use. zod's own entry re-exports everything as the `z` namespace (every locale,
// JSON Schema conversion, the compiler), which a bundler cannot shake once `z` is passed around:
// 340 KiB of the minified Worker. The same classes and functions, from zod's own files; the
// workerd tests build the Worker with this alias, so a member missing here fails them at load.
import * as lean from './zod-members';

export * from './zod-members';
export { lean as z, lean as default };
