import { reportRowsOfMapping, saveForecasts } from '../../adapters/storage/flow-snapshots-repo';
import { forecast, queuePositions, seedOf } from '../../engine/forecast/forecast';
import type { Ctx } from '../context';
import { refreshAllStaleFlows } from './refresh-flows';

const DAY = 86_400_000;
/** Flows recomputed per pass (each costs two Jira reads, under the rate limits). */
const REFRESH_CHUNK = 200;

/**
 * Brings every flow of a mapping up to date from Jira (only requests whose issue changed), then
 * forecasts each open request over the mapping's recent throughput and stores the dates.
 * Returns the mapping's rows, forecasts included. `keepAlive` runs after each request refreshed.
 */
export async function forecastMapping(ctx: Ctx, mapping: string, keepAlive?: () => Promise<void>) {
  await refreshAllStaleFlows(ctx, mapping, REFRESH_CHUNK, keepAlive);
  const rows = await reportRowsOfMapping(ctx.db, mapping);
  const now = ctx.clock.now();
  const open = rows.filter((r) => r.snapshot.doneAt === null);
  const settings = ctx.config.flow.forecast;
  const dates = forecast({
    doneTimes: rows.flatMap((r) => (r.snapshot.doneAt === null ? [] : [r.snapshot.doneAt])),
    historyDays: settings.historyWeeks * 7,
    now,
    positions: queuePositions(open.map((r) => r.snapshot)),
    trials: settings.trials,
    // The same all day for a mapping: a rerun does not move the dates by chance.
    seed: seedOf(`${mapping}:${Math.floor(now / DAY)}`),
    horizonDays: settings.horizonDays,
  });
  const forecasts = open.map((r, i) => ({ jiraIssueId: r.snapshot.jiraIssueId, ...dates[i]! }));
  await saveForecasts(ctx.db, forecasts);
  const byId = new Map(forecasts.map((f) => [f.jiraIssueId, f]));
  return rows.map((r) => {
    const f = byId.get(r.snapshot.jiraIssueId);
    return { ...r, snapshot: { ...r.snapshot, forecastP50: f?.p50 ?? null, forecastP85: f?.p85 ?? null } };
  });
}
