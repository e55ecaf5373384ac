/**
 * How the HTTP layer asks for stored deliveries to be processed, without knowing the runtime:
 * a timer-driven pump on Node, a queue on Workers.
 */
export interface SyncScheduler {
  /**
   * A delivery was stored: process it soon. Resolves once it is handed over (enqueued),
   * never after the processing itself, so the ack does not wait on Jira or Asana.
   */
  notify(deliveryId: number): void | Promise<void>;
  /** Process this delivery now and resolve once it is settled (for admin actions that promise it). */
  runNow(deliveryId: number): Promise<void>;
  /** A tracker event (a PM's change in the tracker) was stored: process it soon. */
  notifyTrackerEvent(eventId: number): void | Promise<void>;
}
