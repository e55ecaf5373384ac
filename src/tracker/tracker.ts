import type { ExpectedField, FieldValues } from '../engine/types';

/**
 * The one boundary between the bridge and a tracker (Asana today). The engine speaks in field
 * names and option names; an adapter owns ids, wire formats and the tracker's quirks.
 */
export interface Tracker {
  readonly kind: string;
  /** A task, or null when it does not exist or cannot be seen with the bridge's token. */
  getTask(taskId: string): Promise<TrackerTask | null>;
  /** Writes `changes` to the task in one request; fields not named are left alone. */
  writeFields(taskId: string, changes: FieldValues): Promise<void>;
  /** The task's current values of the named fields (after an ambiguous write). */
  readFields(taskId: string, fieldNames: readonly string[]): Promise<FieldValues>;
  /** Problems that would stop `expected` from being written, e.g. a field or option that is missing. */
  checkFields(expected: readonly ExpectedField[]): Promise<string[]>;
}

export interface TrackerTask {
  id: string;
  name: string;
  url: string | null;
  /** Whether the task belongs to the configured tracker project (and so has its fields). */
  inProject: boolean;
}
