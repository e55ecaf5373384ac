/** Where the Worker finds its bundled config, and what that module says (see check-config.ts). */
export const BUNDLED_CONFIG_MODULE = 'src/runtime/workers/generated/bundled-config.ts';

export function bundledConfigSource(raw: unknown, from: string): string {
  return `// Generated from ${from} by \`npm run check:config -- --bundle\` (the Worker build runs it).\n// Do not edit.\nexport default ${JSON.stringify(raw, null, 2)};\n`;
}
