/**
 * How the HTTP layer asks for stored deliveries to be processed, without knowing the runtime:
 * a timer-driven pump on Node, a queue on Workers.
 */
export interface SyncScheduler {
  /** A delivery was stored: process it soon. Must not wait for the processing itself. */
  notify(deliveryId: number): void;
  /** Process this delivery now and resolve once it is settled (for admin actions that promise it). */
  runNow(deliveryId: number): Promise<void>;
}
