// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'src/adapters/tracker/asana/generated/**',
      'coverage/**',
      '.wrangler/**',
      'dist/**',
      'worker-configuration.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'error',
      // Prettier wraps code at 120; what it cannot break (a long string, template or URL) is let be.
      'max-len': [
        'error',
        { code: 120, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreUrls: true },
      ],
    },
  },
  {
    // Everything under src/ but the Node entry must run in workerd: no Node built-ins, no native libSQL.
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: ['src/runtime/node/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'Node built-ins belong in src/runtime/node; the core must run in workerd.' },
          ],
          paths: [
            '@libsql/client',
            '@hono/node-server',
            'drizzle-orm/libsql',
            'drizzle-orm/libsql/node',
            'drizzle-orm/libsql/migrator',
          ].map((name) => ({
            name,
            message: 'Node-only: build it in src/runtime/node and pass it in (Workers use @libsql/client/web).',
          })),
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'Read settings in a runtime entry and pass them in.' },
        { name: 'Buffer', message: 'Use Uint8Array/TextEncoder: the core must run in workerd.' },
      ],
    },
  },
  {
    // AsyncLocalStorage runs in Node and in workerd (nodejs_compat): the one Node module both runtimes share.
    files: ['src/runtime/async-request-scope.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // Only the runtime entries and test helpers may write to the console directly.
    files: ['src/runtime/node/**', 'test/**', 'demo/**', 'src/platform/log/**'],
    rules: { 'no-console': 'off' },
  },
);
