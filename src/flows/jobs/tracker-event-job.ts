import type { NewJob } from '../../adapters/storage/jobs-repo';
import type { TrackerEvent } from '../../adapters/tracker/tracker';

/** The kind of job that acts on one tracker event (a PM's change). */
export const TRACKER_EVENT = 'tracker-event';

export interface TrackerEventPayload {
  tracker: string;
  /** The tracker project whose webhook delivered it: it picks the mapping. */
  resource?: string;
  taskId: string;
  action: TrackerEvent['action'];
  field: string | null;
  userId: string | null;
  /** A comment's id, when the event is about a comment on the task. */
  commentId?: string;
}

/**
 * A tracker event as a job: keyed by the tracker kind, the project and the event's key, so a
 * redelivery is stored once, and a task in two mapped projects is acted on under each.
 */
export function trackerEventJob(tracker: string, resource: string, event: TrackerEvent): NewJob {
  const payload: TrackerEventPayload = {
    tracker,
    resource,
    taskId: event.taskId,
    action: event.action,
    field: event.field,
    userId: event.userId,
    ...(event.commentId && { commentId: event.commentId }),
  };
  return {
    kind: TRACKER_EVENT,
    key: `${tracker}:${resource}:${event.key}`,
    group: event.taskId,
    payload: { ...payload },
  };
}
