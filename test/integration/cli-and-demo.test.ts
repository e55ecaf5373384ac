import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jiraFixture } from '../support/jira-fixtures';
import { startLoopbackWorld, type LoopbackWorld } from '../support/loopback-world';
import { runCli } from '../support/run-cli';
import { GID, RAW_TEST_CONFIG, TASK_GID } from '../support/seed';

const run = promisify(execFile);
let world: LoopbackWorld;
let env: Record<string, string>;

const cli = (...args: string[]) => runCli(env, ...args);

beforeAll(async () => {
  world = await startLoopbackWorld({
    issues: [jiraFixture('issue_updated-mattermost-2.json').issue],
    tasks: [{ gid: TASK_GID, name: 'Checkout redesign' }],
  });
  const broken = { ...RAW_TEST_CONFIG, fields: { ...RAW_TEST_CONFIG.fields, sprint: { field: 'Iteration' } } };
  writeFileSync(join(world.dir, 'broken.json'), JSON.stringify(broken));
  env = { PATH: process.env.PATH ?? '', ...world.env };
});

afterAll(() => world.close());

describe('npm run cli', () => {
  it('previews what the task would hold, field by field, with the rule, and writes nothing', async () => {
    const writes = world.asana.requests.length;
    const preview = await cli('preview', 'tes-41');
    expect(preview.code).toBe(0);
    expect(preview.stdout).toContain('TES-41 (not linked); * = the next sync writes it');
    expect(preview.stdout).toMatch(/\* Delivery status +Shipped\n {4}fields\.status\.map: Jira status "Done"/);
    expect(preview.stdout).toMatch(/\* Jira priority +High\n {4}fields\.priority: Jira priority "High" \(same name\)/);
    const json = JSON.parse((await cli('preview', 'TES-41', '--json')).stdout);
    expect(json.fields[0]).toMatchObject({ field: 'Delivery status', value: { type: 'enum', option: 'Shipped' } });
    expect(world.asana.requests.slice(writes).filter((r) => r.method !== 'GET')).toEqual([]);
    expect((await cli('preview', 'NOPE-1')).stderr).toContain('Jira issue NOPE-1 does not exist');
  });

  it('lists projects and fields with the ids the config takes', async () => {
    const projects = await cli('projects');
    expect(projects.stdout).toContain('Workspace "Acme" (1100000000009999)');
    expect(projects.stdout).toMatch(/ {2}\d+ {2}Feature requests {3}<- tracker\.projectGid in the config/);
    const fields = await cli('fields');
    expect(fields.stdout).toMatch(/ {2}customfield_10050 +Team +option \(custom\)/);
    expect(fields.stdout).toMatch(/ {2}labels +Labels +array of string\n/);
    expect(fields.stdout).toContain('  Delivery status: enum ("Planned", "In development"');
    expect(JSON.parse((await cli('fields', '--json')).stdout).tracker).toContainEqual(
      expect.objectContaining({ name: 'Labels', type: 'multi_enum' }),
    );
  });

  it('links, lists and unlinks', async () => {
    const linked = await cli('link', 'tes-41', TASK_GID);
    expect(linked).toMatchObject({ code: 0, stdout: expect.stringContaining('Linked TES-41 to "Checkout redesign"') });
    expect(linked.stdout).toContain('synced (updated)');
    expect(world.asana.requests.filter((r) => r.method === 'PUT').at(-1)?.body).toMatchObject({
      data: { custom_fields: { [GID.status]: GID.shipped } },
    });

    const listed = await cli('links', '--json');
    expect(JSON.parse(listed.stdout)).toEqual([
      expect.objectContaining({ jiraKey: 'TES-41', taskGid: TASK_GID, state: 'active' }),
    ]);
    expect((await cli('link', 'TES-41', TASK_GID)).stderr).toContain('TES-41 is already linked');
    expect((await cli('unlink', 'TES-41')).stdout).toContain('Unlinked TES-41');
    expect((await cli('links')).stdout).toContain('No links yet.');
  });

  it('shows and exports the audit trail, and makes, lists and revokes named admin tokens', async () => {
    expect((await cli('link', 'TES-41', TASK_GID)).code).toBe(0);
    const trail = await cli('audit', 'TES-41');
    expect(trail.stdout).toMatch(/linked +TES-41 +admin:cli/);
    expect(trail.stdout).toMatch(
      /field-written +TES-41 +bridge {2}Delivery status: none -> \{"type":"enum","option":"Shipped"\}/,
    );
    const csv = await cli('audit', 'TES-41', '--format', 'csv', '--field', 'Delivery status');
    expect(csv.stdout.split('\r\n')[0]).toBe('id,at,action,actor,mapping,jiraKey,taskGid,field,old,new,rule,cause');
    const rows = csv.stdout.trim().split('\r\n').slice(1);
    expect(rows.length).toBeGreaterThan(0);
    expect(
      rows.every((row) => row.includes(',field-written,bridge,default,TES-41,') && row.includes(',Delivery status,')),
    ).toBe(true);
    const made = await cli('tokens', 'create', 'ci-reader', '--read-only', '--json');
    expect(JSON.parse(made.stdout)).toMatchObject({
      name: 'ci-reader',
      role: 'read',
      token: expect.stringMatching(/^jtb_/),
    });
    expect((await cli('tokens')).stdout).toMatch(/ci-reader +read +created .*, last used never/);
    expect((await cli('tokens', 'revoke', 'ci-reader')).stdout).toContain('Revoked the token "ci-reader"');
    expect((await cli('tokens', 'revoke', 'ci-reader')).code).toBe(1);
    expect((await cli('audit', '--since', 'yesterday')).code).toBe(2);
    expect((await cli('unlink', 'TES-41')).code).toBe(0);
  });

  it('check passes a matching config and names each mismatch otherwise', async () => {
    const ok = await cli('check');
    expect(ok).toMatchObject({ code: 0, stdout: expect.stringContaining('The config matches') });
    expect(ok.stdout).toContain('story points: Jira field customfield_10016');
    env.BRIDGE_CONFIG = join(world.dir, 'broken.json');
    const bad = await cli('check');
    env.BRIDGE_CONFIG = join(world.dir, 'config.json');
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(
      /fields\.sprint: Asana field "Iteration" does not exist in the project .* — fix: npm run cli -- setup/,
    );

    env.BRIDGE_CONFIG = join(world.dir, 'broken.json');
    const dry = await cli('setup', '--dry-run');
    expect(dry.stdout).toBe('Dry run: nothing changed in the Asana project:\n  Iteration (text): would be created\n');
    expect((await cli('setup')).stdout).toBe('Done in the Asana project:\n  Iteration (text): created\n');
    expect((await cli('setup')).stdout).toContain('has every field and option the config writes: nothing to do');
    expect((await cli('check')).code).toBe(0);
    env.BRIDGE_CONFIG = join(world.dir, 'config.json');
  });

  it('backfills, reconciles and lists dead letters', async () => {
    expect((await cli('link', 'TES-41', TASK_GID)).code).toBe(0);
    // Jira moves on without a webhook reaching the bridge.
    const issue = world.jira.issue('TES-41')!;
    world.jira.put({
      ...issue,
      fields: { ...issue.fields, status: { name: 'In Progress', statusCategory: { key: 'indeterminate' } } },
    });
    const preview = await cli('backfill', '--dry-run');
    expect(preview.stdout).toContain('TES-41: would write Delivery status');
    expect(preview.stdout).toContain('Dry run: 1 links: 1 would-update');
    const run = await cli('backfill');
    expect(run).toMatchObject({ code: 0, stdout: expect.stringContaining('1 links: 1 updated') });
    expect(run.stderr).toContain('[##############################] 1/1 TES-41 updated');
    expect((await cli('reconcile')).stdout).toMatch(/^Scanned \d+ issues updated since .*: 0 behind, 0 synced/);
    expect((await cli('deliveries', '--status', 'failed')).stdout).toContain('No deliveries.');
    expect((await cli('unlink', 'TES-41')).code).toBe(0);
  });

  it('explains its usage', async () => {
    const res = await cli('frobnicate');
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('Error: Unknown command "frobnicate"');
    expect(res.stderr).toContain('Usage: npm run cli -- <command>');
  });

  it('names a wrong option or argument, with the usage and no stack trace, before any call', async () => {
    const before = world.asana.requests.length + world.jira.requests.length;
    const cases: Array<[string[], RegExp]> = [
      [['links', '--frobnicate'], /Unknown option '--frobnicate'/],
      [['delivery', 'abc'], /delivery: <ID> must look like a delivery number such as 42, got "abc"/],
      [['link', 'ABC-1'], /link: missing <TASK-GID>/],
      [['link', 'not-a-key', '123'], /<JIRA-KEY> must look like ABC-123/],
      [['deliveries', '--status', 'lost'], /--status must be pending, done or failed/],
      [['unlink', 'ABC-1', 'extra'], /unexpected argument: extra/],
      [
        ['asana-webhook', 'register', '1200000000000001', 'ftp://bridge.example.com'],
        /<PUBLIC-URL> must use https:, not ftp:/,
      ],
      [
        ['jira-webhook', 'register', 'http://bridge.example.com'],
        /must use https: \(plain http: is allowed only for localhost/,
      ],
      [['users', 'map', '5b10ac8d82e05b22cc7d4ef5'], /missing <TRACKER-USER-ID>/],
    ];
    for (const [args, message] of cases) {
      const res = await cli(...args);
      expect(res.code, args.join(' ')).toBe(2);
      expect(res.stderr).toMatch(message);
      expect(res.stderr).toContain('Usage: npm run cli -- <command>');
      expect(res.stderr).not.toMatch(/\n\s+at /);
    }
    expect(world.asana.requests.length + world.jira.requests.length).toBe(before);
    const missing = await cli('delivery', '999');
    expect(missing).toMatchObject({
      code: 1,
      stderr: 'Error: No delivery 999 (npm run cli -- deliveries lists them)\n',
    });
  });

  it('maps Jira users to tracker users and lists them', async () => {
    expect((await cli('users', 'map', '5b10ac8d82e05b22cc7d4ef5', '1500000000000001')).stdout).toContain(
      'Mapped Jira user 5b10ac8d82e05b22cc7d4ef5 to tracker user 1500000000000001',
    );
    const listed = await cli('users', '--json');
    expect(JSON.parse(listed.stdout)).toMatchObject({
      mapped: [{ jiraAccountId: '5b10ac8d82e05b22cc7d4ef5', trackerUserId: '1500000000000001', source: 'admin' }],
      unmapped: [],
    });
    expect((await cli('users', 'unmap', '5b10ac8d82e05b22cc7d4ef5')).code).toBe(0);
    expect((await cli('users', 'unmap', '5b10ac8d82e05b22cc7d4ef5')).stderr).toContain(
      'No mapping for Jira user 5b10ac8d82e05b22cc7d4ef5',
    );
  });
});

describe('npm run demo', () => {
  it('plays the story against the local stand-ins and shows the task after each step', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'demo/run-demo.ts'], {
      env: { PATH: process.env.PATH ?? '' },
    });
    expect(stdout).toContain('▶ 6. Merged and released');
    expect(stdout).toMatch(/\* Delivery status +Shipped +← was In review/);
    expect(stdout).toMatch(/\* Sprint +Sprint 42/);
    expect(stdout).toContain('Done: 6 steps, 6 Asana writes (changed fields only), 1 comment.');
    expect(stdout).toContain(
      '💬 Jira bridge: @Sales lead @Rita Requester Checkout redesign moved from Planned to Shipped (ABC-101, changed in Jira by Dana Developer)',
    );
  });
});
