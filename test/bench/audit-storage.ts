// `npm run bench`: what the audit trail costs. 10,000 field writes (one changed field each, with
// the cause a real sync records: deliveries, job, changelog id, the rule of every mapped field)
// over 1,000 links, through recordApplied on the embedded file; the trigger writes the entries.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { insertLink, recordApplied } from '../../src/adapters/storage/links-repo';
import { openDatabase } from '../../src/runtime/node/open-database';
import type { FieldValues } from '../../src/engine/types';

const LINKS = 1_000;
const WRITES = 10_000;
const dir = mkdtempSync(join(tmpdir(), 'bench-audit-'));
const database = await openDatabase(`file:${join(dir, 'bench.db')}`, undefined);
const { db } = database;
const size = async () => {
  const [row] = await db.all<{ bytes: number }>(
    sql`SELECT (SELECT page_count FROM pragma_page_count()) * (SELECT page_size FROM pragma_page_size()) AS bytes`,
  );
  return Number(row!.bytes);
};

const statuses = ['Planned', 'In development', 'In review', 'Shipped'];
const fields = ['Delivery status', 'Engineer', 'Jira priority', 'Release', 'Sprint', 'Target date', 'Story points'];
const written = (n: number): FieldValues => ({
  'Delivery status': { type: 'enum', option: statuses[n % statuses.length]! },
  Engineer: { type: 'text', text: `Engineer ${n % 7}` },
  'Jira priority': { type: 'enum', option: 'High' },
  Release: { type: 'text', text: '2026.1' },
  Sprint: { type: 'text', text: 'Sprint 7' },
  'Target date': { type: 'date', date: '2026-12-01' },
  'Story points': { type: 'number', value: 5 },
});
const rules = Object.fromEntries(fields.map((f) => [f, `fields.${f}: a rule as the preview shows it, "In Progress"`]));

const ids: number[] = [];
for (let i = 0; i < LINKS; i++)
  ids.push(
    (
      await insertLink(
        db,
        { jiraIssueId: String(50_000 + i), jiraKey: `ABC-${i}`, taskId: String(1_300_000_000_500_000 + i) },
        0,
      )
    ).id,
  );
for (let i = 0; i < LINKS; i++)
  await recordApplied(db, ids[i]!, { written: written(0), issueUpdatedAt: 0, jiraKey: `ABC-${i}`, state: 'active' }, 1);
await db.run(sql`DELETE FROM audit_log`);
await db.run(sql`VACUUM`);
const before = await size();
const started = performance.now();
for (let w = 1; w <= WRITES; w++) {
  const link = w % LINKS;
  const round = Math.ceil(w / LINKS);
  await recordApplied(
    db,
    ids[link]!,
    {
      written: written(round),
      issueUpdatedAt: w,
      jiraKey: `ABC-${link}`,
      state: 'active',
      cause: {
        actor: 'jira:Ada Lovelace',
        source: 'jira',
        deliveries: [`jira:${crypto.randomUUID()}`],
        jobIds: [w],
        changelogIds: [String(100_000 + w)],
        eventAt: w,
        rules,
      },
    },
    w,
  );
}
const elapsed = performance.now() - started;
const [{ entries }] = (await db.all<{ entries: number }>(sql`SELECT count(*) AS entries FROM audit_log`)) as [
  { entries: number },
];
const after = await size();
console.log(
  `audit: ${WRITES} writes -> ${entries} entries (${(entries / WRITES).toFixed(2)} per write: each changes 2 of 7 fields); ` +
    `store grew ${((after - before) / 1024 / 1024).toFixed(2)} MiB, ${Math.round((after - before) / entries)} bytes per entry; ` +
    `${((elapsed / WRITES) * 1000).toFixed(0)} µs per recorded write, trigger included`,
);
await database.close();
rmSync(dir, { recursive: true, force: true });
