import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeAsana, type FakeAsana } from '../../src/stand-ins/fake-asana';
import { createFakeJira } from '../../src/stand-ins/fake-jira';
import { jiraFixture } from '../support/jira-fixtures';
import { ASANA_FIELDS, CREDENTIALS, GID, PROJECT_GID, RAW_TEST_CONFIG, TASK_GID } from '../support/seed';

const run = promisify(execFile);
let dir: string;
let servers: ServerType[] = [];
let asana: FakeAsana;
let env: Record<string, string>;

const listen = (fetch: (req: Request) => Response | Promise<Response>) =>
  new Promise<string>((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve(`http://127.0.0.1:${info.port}`));
    servers.push(server);
  });

async function cli(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/runtime/node/cli.ts', ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bridge-cli-'));
  const jira = createFakeJira({ siteUrl: 'http://jira.local', email: CREDENTIALS.jiraEmail, apiToken: CREDENTIALS.jiraApiToken, issues: [jiraFixture('issue_updated-mattermost-2.json').issue] });
  asana = createFakeAsana({ accessToken: CREDENTIALS.asanaToken, projectGid: PROJECT_GID, fields: ASANA_FIELDS, tasks: [{ gid: TASK_GID, name: 'Checkout redesign' }] });
  const jiraUrl = await listen((req) => jira.app.fetch(req));
  const asanaUrl = await listen((req) => asana.app.fetch(req));
  writeFileSync(join(dir, 'config.json'), JSON.stringify(RAW_TEST_CONFIG));
  const broken = { ...RAW_TEST_CONFIG, fields: { ...RAW_TEST_CONFIG.fields, sprint: { field: 'Iteration' } } };
  writeFileSync(join(dir, 'broken.json'), JSON.stringify(broken));
  env = {
    PATH: process.env.PATH ?? '',
    DATABASE_URL: `file:${join(dir, 'bridge.db')}`,
    BRIDGE_CONFIG: join(dir, 'config.json'),
    JIRA_BASE_URL: jiraUrl,
    JIRA_EMAIL: CREDENTIALS.jiraEmail,
    JIRA_API_TOKEN: CREDENTIALS.jiraApiToken,
    ASANA_BASE_URL: `${asanaUrl}/api/1.0`,
    ASANA_ACCESS_TOKEN: CREDENTIALS.asanaToken,
  };
});

afterAll(() => {
  for (const s of servers) s.close();
  servers = [];
  rmSync(dir, { recursive: true, force: true });
});

describe('npm run cli', () => {
  it('links, lists and unlinks', async () => {
    const linked = await cli('link', 'tes-41', TASK_GID);
    expect(linked).toMatchObject({ code: 0, stdout: expect.stringContaining('Linked TES-41 to "Checkout redesign"') });
    expect(linked.stdout).toContain('synced (updated)');
    expect(asana.requests.filter((r) => r.method === 'PUT').at(-1)?.body).toMatchObject({ data: { custom_fields: { [GID.status]: GID.shipped } } });

    const listed = await cli('links', '--json');
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ jiraKey: 'TES-41', taskGid: TASK_GID, state: 'active' })]);
    expect((await cli('link', 'TES-41', TASK_GID)).stderr).toContain('TES-41 is already linked');
    expect((await cli('unlink', 'TES-41')).stdout).toContain('Unlinked TES-41');
    expect((await cli('links')).stdout).toContain('No links yet.');
  });

  it('check passes a matching config and names each mismatch otherwise', async () => {
    const ok = await cli('check');
    expect(ok).toMatchObject({ code: 0, stdout: expect.stringContaining('The config matches') });
    expect(ok.stdout).toContain('story points: Jira field customfield_10016');
    env.BRIDGE_CONFIG = join(dir, 'broken.json');
    const bad = await cli('check');
    env.BRIDGE_CONFIG = join(dir, 'config.json');
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('fields.sprint: Asana field "Iteration" does not exist in the project');
  });

  it('explains its usage', async () => {
    const res = await cli('frobnicate');
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('Usage: npm run cli -- <command>');
  });
});

describe('npm run demo', () => {
  it('plays the story against the local stand-ins and shows the task after each step', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/runtime/node/demo/run-demo.ts'], { env: { PATH: process.env.PATH ?? '' } });
    expect(stdout).toContain('▶ 6. Merged and released');
    expect(stdout).toMatch(/\* Delivery status +Shipped +← was In review/);
    expect(stdout).toMatch(/\* Sprint +Sprint 42/);
    expect(stdout).toContain('Done: 6 steps, 6 Asana writes');
  });
});
