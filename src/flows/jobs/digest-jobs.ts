import type { NewJob } from '../../adapters/storage/jobs-repo';

/** The kind of job that works out who gets a digest of a status update, and what it says. */
export const STATUS_DIGESTS = 'status-digests';
/** The kind of job that posts one stakeholder's digest. */
export const STATUS_DIGEST = 'status-digest';

export const statusDigestsJob = (statusUpdateId: number, mapping: string): NewJob => ({
  kind: STATUS_DIGESTS,
  key: String(statusUpdateId),
  group: null,
  payload: { statusUpdateId, mapping },
});

export const statusDigestJob = (digestId: number): NewJob => ({
  kind: STATUS_DIGEST,
  key: String(digestId),
  group: null,
  payload: { digestId },
});
