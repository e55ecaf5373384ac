import type { NewJob } from '../../adapters/storage/jobs-repo';

/** The kind of job that brings a mapping's flows and forecasts up to date, once a day. */
export const FLOW_REFRESH = 'flow-refresh';
/** The kind of job that recomputes the flows whose issue changed since (for the dashboard), when there are some. */
export const FLOW_CATCH_UP = 'flow-catch-up';
/** The kind of job that writes one request's flow fields to its task. */
export const FLOW_FIELDS = 'flow-fields';

export const flowRefreshJob = (mapping: string, day: string): NewJob => ({
  kind: FLOW_REFRESH,
  key: `${mapping}:${day}`,
  group: null,
  payload: { mapping },
});

/** `why` makes the key: the day of a daily refresh, or the issue state that changed its status. */
export const flowFieldsJob = (linkId: number, why: string): NewJob => ({
  kind: FLOW_FIELDS,
  key: `${linkId}:${why}`,
  group: null,
  payload: { linkId },
});

/** `minute` (UTC, `2026-12-02T14:05`) makes the key: at most one catch-up per mapping and minute. */
export const flowCatchUpJob = (mapping: string, minute: string): NewJob => ({
  kind: FLOW_CATCH_UP,
  key: `${mapping}:${minute}`,
  group: null,
  payload: { mapping },
});
