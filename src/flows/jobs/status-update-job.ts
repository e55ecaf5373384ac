import type { NewJob } from '../../adapters/storage/jobs-repo';
import type { JobRow } from '../../adapters/storage/schema';
import type { ReportPeriod } from '../../engine/report/report-period';

/** The kind of job that posts a mapping's status update for one period. */
export const STATUS_UPDATE = 'status-update';

export interface StatusUpdatePayload {
  mapping: string;
  period: ReportPeriod;
  previous: ReportPeriod;
}

/** One job per mapping and period (its key), however many schedulers ask for it. */
export const statusUpdateJob = (payload: StatusUpdatePayload): NewJob => ({
  kind: STATUS_UPDATE,
  key: `${payload.mapping}:${payload.period.end}`,
  group: null,
  payload: { ...payload },
});

export const statusUpdatePayloadOf = (job: JobRow) => job.payload as unknown as StatusUpdatePayload;
