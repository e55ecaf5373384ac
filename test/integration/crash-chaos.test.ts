import { writeFileSync } from 'node:fs';
import { createClient } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jiraTimestamp, type JiraIssueJson } from '../../demo/stand-ins/fake-jira';
import { startChildBridge, waitFor, type ChildBridge } from '../support/child-bridge';
import { startLoopbackWorld, type LoopbackWorld } from '../support/loopback-world';
import { CREDENTIALS, RAW_TEST_CONFIG } from '../support/seed';
import { hubSignature } from '../support/sign';

// A real `npm start` process, SIGKILLed at random points of its work 20 times, against Jira and
// Asana stand-ins on loopback. Afterwards nothing may be lost, applied twice or told twice.

const ISSUES = 6;
const KILLS = 20;
const taskOf = (n: number) => String(1300000000600000 + n);
const statuses = ['To Do', 'In Progress', 'In Review', 'Done'];
const category = (s: string) => (s === 'To Do' ? 'new' : s === 'Done' ? 'done' : 'indeterminate');
const issue = (n: number, at: number): JiraIssueJson => ({
  id: String(70000 + n),
  key: `ABC-${n}`,
  fields: {
    project: { key: 'ABC' },
    issuetype: { name: 'Story' },
    status: { name: 'To Do', statusCategory: { key: 'new' } },
    priority: { name: 'High' },
    assignee: null,
    fixVersions: [],
    updated: jiraTimestamp(at),
  },
});

let world: LoopbackWorld;
let bridge: ChildBridge | undefined;
let seed = 7;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;

beforeAll(async () => {
  world = await startLoopbackWorld({
    issues: Array.from({ length: ISSUES }, (_, i) => issue(i + 1, Date.now())),
    tasks: Array.from({ length: ISSUES }, (_, i) => ({ gid: taskOf(i + 1), name: `Request ${i + 1}` })),
  });
  // Short notice windows, so held notices go out within the test.
  writeFileSync(
    world.env.BRIDGE_CONFIG!,
    JSON.stringify({ ...RAW_TEST_CONFIG, notifications: { quietWindowMinutes: 0.005, maxHoldMinutes: 0.02 } }),
  );
});
afterAll(async () => {
  await bridge?.kill();
  world.close();
});

async function post(raw: string) {
  return fetch(`${bridge!.url}/webhooks/jira`, {
    method: 'POST',
    body: raw,
    headers: { 'content-type': 'application/json', 'x-hub-signature': hubSignature(CREDENTIALS.webhookSecret, raw) },
  }).catch(() => null); // the process may be dead by now: Jira would retry; so do we, below
}

describe('a bridge SIGKILLed at random points, 20 times', () => {
  it('loses nothing, applies nothing twice and tells nobody twice', async () => {
    bridge = await startChildBridge(world.env);
    for (let n = 1; n <= ISSUES; n++) {
      const res = await fetch(`${bridge.url}/admin/links`, {
        method: 'POST',
        headers: { authorization: `Bearer ${CREDENTIALS.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ jiraKey: `ABC-${n}`, taskGid: taskOf(n) }),
      });
      expect(res.status).toBe(201);
    }
    const unacked: string[] = [];
    let at = Date.now();
    for (let kill = 0; kill < KILLS; kill++) {
      for (let change = 0; change < 3; change++) {
        const n = 1 + Math.floor(random() * ISSUES);
        const status = statuses[Math.floor(random() * statuses.length)]!;
        const body = JSON.stringify(
          world.jira.change(`ABC-${n}`, (at += 1000), { displayName: 'Dev', accountId: 'x' }, [], (f) => {
            f.status = { name: status, statusCategory: { key: category(status) } };
            f.assignee = { displayName: `Engineer ${Math.floor(random() * 3)}` };
          }),
        );
        const res = await post(body);
        if (res?.status !== 200) unacked.push(body);
      }
      await new Promise((r) => setTimeout(r, Math.floor(random() * 120)));
      await bridge.kill('SIGKILL');
      bridge = await startChildBridge(world.env);
      // Jira retries what was not acknowledged.
      for (const body of unacked.splice(0)) if ((await post(body))?.status !== 200) unacked.push(body);
    }

    const db = createClient({ url: world.env.DATABASE_URL! });
    const count = async (sql: string) => Number((await db.execute(sql)).rows[0]![0]);
    await waitFor(
      'every delivery and notice to settle',
      async () =>
        (await count("SELECT count(*) FROM jobs WHERE kind = 'jira-delivery' AND status != 'done'")) === 0 &&
        (await count("SELECT count(*) FROM notices WHERE status IN ('open', 'sending')")) === 0,
      30_000,
    ).catch(async (err) => {
      console.log(
        (
          await db.execute(
            "SELECT id, status, attempts, run_at, locked_until, last_error FROM jobs WHERE kind = 'jira-delivery' AND status != 'done'",
          )
        ).rows,
      );
      console.log(
        (
          await db.execute(
            "SELECT n.id, n.status, j.attempts, n.due_at, j.locked_until, j.last_error FROM notices n LEFT JOIN jobs j ON j.kind = 'notice' AND j.key = CAST(n.id AS TEXT) WHERE n.status IN ('open','sending')",
          )
        ).rows,
        Date.now(),
      );
      throw err;
    });

    const expected = {
      'To Do': 'Planned',
      'In Progress': 'In development',
      'In Review': 'In review',
      Done: 'Shipped',
    } as Record<string, string>;
    for (let n = 1; n <= ISSUES; n++) {
      const fields = world.jira.issue(`ABC-${n}`)!.fields as {
        status: { name: string };
        assignee: { displayName: string } | null;
      };
      expect(world.asana.displayValues(taskOf(n))).toMatchObject({
        'Delivery status': expected[fields.status.name],
        Engineer: fields.assignee?.displayName ?? null,
      });
      // Nothing applied twice: replaying the task's writes in order, none only sets values the
      // task already held (whatever came between), which is what a repeated write would do.
      const writes = world.asana.requests
        .filter((r) => r.method === 'PUT' && r.path.endsWith(`/${taskOf(n)}`))
        .map((r) => (r.body as { data: { custom_fields: Record<string, unknown> } }).data.custom_fields);
      const held: Record<string, unknown> = {};
      const repeated = writes.filter((write) => {
        const redundant = Object.entries(write).every(
          ([field, value]) => field in held && JSON.stringify(held[field]) === JSON.stringify(value),
        );
        Object.assign(held, write);
        return redundant;
      });
      expect(writes.length).toBeGreaterThan(1);
      expect(repeated).toEqual([]);
      // Nobody told twice: one comment per sent notice, and each notice's marker on one comment only.
      const comments = world.asana.comments(taskOf(n));
      expect(comments.length).toBe(
        await count(`SELECT count(*) FROM notices WHERE status = 'sent' AND task_id = '${taskOf(n)}'`),
      );
      const markers = comments.map((c) => /bridge-notice-(\d+)/.exec(c.html_text)?.[1]);
      expect(markers.every(Boolean)).toBe(true);
      expect(new Set(markers).size).toBe(markers.length);
      // The audit trail lost nothing: per field, each entry starts where the one before ended,
      // the last ends at what the link records as written, and every sent notice has its entry.
      const trail = (
        await db.execute(
          `SELECT field, old_value, new_value FROM audit_log WHERE action = 'field-written' AND task_id = '${taskOf(n)}' ORDER BY id`,
        )
      ).rows;
      const last: Record<string, unknown> = {};
      for (const entry of trail) {
        const field = String(entry.field);
        if (field in last) expect(JSON.parse(String(entry.old_value))).toEqual(last[field]);
        last[field] = JSON.parse(String(entry.new_value));
      }
      const written = JSON.parse(
        String((await db.execute(`SELECT written_values FROM links WHERE task_id = '${taskOf(n)}'`)).rows[0]![0]),
      ) as Record<string, unknown>;
      for (const [field, value] of Object.entries(written)) expect(last[field] ?? null).toEqual(value);
      expect(
        await count(`SELECT count(*) FROM audit_log WHERE action = 'notice-sent' AND task_id = '${taskOf(n)}'`),
      ).toBe(comments.length);
    }
    expect(await count("SELECT count(*) FROM jobs WHERE status = 'failed'")).toBe(0);
    db.close();
  }, 120_000);
});
