import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import settings from './test/fixtures/test-settings.json' with { type: 'json' };

const { config: RAW_TEST_CONFIG, credentials: CREDENTIALS } = settings;

/** wrangler.toml's [alias] entries (what the deployed bundle swaps in), so the workerd tests run the same modules. */
function workerAliases(): Record<string, string> {
  const section = /^\[alias\]\n((?:.*\n)*?)(?:\[|$)/m.exec(readFileSync('wrangler.toml', 'utf8'))?.[1] ?? '';
  return Object.fromEntries(
    [...section.matchAll(/^"([^"]+)"\s*=\s*"([^"]+)"/gm)].map(([, name, path]) => [name!, resolve(path!)]),
  );
}

// Each project sets its own timeouts: projects do not inherit the root's test options.
const timeouts = { testTimeout: 30_000, hookTimeout: 30_000 };

export default defineConfig(async () => {
  const migrations = await readD1Migrations('migrations');
  return {
    test: {
      projects: [
        {
          test: {
            name: 'node',
            include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/browser/**/*.test.ts'],
            ...timeouts,
          },
        },
        {
          // The Worker and its dependencies inside workerd, on local D1, with the real wrangler.toml.
          plugins: [
            cloudflareTest({
              wrangler: { configPath: './wrangler.toml' },
              miniflare: {
                bindings: {
                  TEST_MIGRATIONS: migrations,
                  BRIDGE_CONFIG_JSON: JSON.stringify(RAW_TEST_CONFIG),
                  JIRA_BASE_URL: CREDENTIALS.jiraBaseUrl,
                  JIRA_EMAIL: CREDENTIALS.jiraEmail,
                  JIRA_API_TOKEN: CREDENTIALS.jiraApiToken,
                  JIRA_WEBHOOK_SECRET: CREDENTIALS.webhookSecret,
                  ASANA_BASE_URL: CREDENTIALS.asanaBaseUrl,
                  ASANA_ACCESS_TOKEN: CREDENTIALS.asanaToken,
                  ADMIN_TOKEN: CREDENTIALS.adminToken,
                  LOG_LEVEL: 'silent',
                },
              },
            }),
          ],
          resolve: { alias: workerAliases() },
          test: {
            name: 'workerd',
            include: ['test/workers/**/*.test.ts'],
            setupFiles: ['test/workers/apply-migrations.ts'],
            ...timeouts,
          },
        },
      ],
    },
  };
});
