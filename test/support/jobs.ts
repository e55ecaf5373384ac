import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../src/adapters/storage/database';
import { jobs, type JobRow } from '../../src/adapters/storage/schema';
import { TRACKER_EVENT, type TrackerEventPayload } from '../../src/flows/jobs/tracker-event-job';
import { NOTICE } from '../../src/flows/jobs/notice-job';
import { JIRA_DELIVERY, type DeliveryPayload } from '../../src/flows/jobs/delivery-job';

const ofKind = (db: Db, kind: string) => db.select().from(jobs).where(eq(jobs.kind, kind)).orderBy(asc(jobs.id));
const view = (row: JobRow) => ({ ...row, nextAttemptAt: row.runAt });

/** The Jira deliveries in the work queue, oldest first, with their delivery fields. */
export async function deliveryRows(db: Db) {
  return (await ofKind(db, JIRA_DELIVERY)).map((row) => ({
    ...view(row),
    deliveryKey: row.key,
    ...(row.payload as unknown as DeliveryPayload),
  }));
}

/** The tracker events in the work queue, oldest first. */
export async function trackerEventRows(db: Db) {
  return (await ofKind(db, TRACKER_EVENT)).map((row) => ({
    ...view(row),
    ...(row.payload as unknown as TrackerEventPayload),
  }));
}

/** The job that sends a notice. */
export async function noticeJobOf(db: Db, noticeId: number) {
  const [row] = await db
    .select()
    .from(jobs)
    .where(and(eq(jobs.kind, NOTICE), eq(jobs.key, String(noticeId))));
  return row && view(row);
}

/** The Asana project's webhook, as the tables key it. */
export const asanaResource = (resourceId: string) => ({ tracker: 'asana', resourceId });
