import type { Ctx } from '../../flows/context';
import { requestFlow } from '../../flows/flow/request-flow';
import { portfolioFlow } from '../../flows/flow/portfolio-flow';
import type { CliInvocation } from './cli-args';

/** `flow [--mapping M] [--weeks N]`: each mapping's flow; `flow <JIRA-KEY>`: one request's. */
export async function flowCommand(ctx: Ctx, { args, flags }: CliInvocation, print: (t: string, j: unknown) => void) {
  if (!args[0]) return portfolioCommand(ctx, flags, print);
  const jiraKey = args[0];
  const flow = await requestFlow(ctx, jiraKey.toUpperCase());
  const h = (v: number | null) => (v === null ? 'not yet' : `${v} h`);
  const statuses = Object.entries(flow.hoursInStatus).map(([s, v]) => `  ${s.padEnd(20)} ${v} h`);
  print(
    [
      `${flow.jiraKey}: ${flow.status} for ${flow.hoursInCurrentStatus} h${flow.doneAt ? ` (done ${flow.doneAt})` : ''}`,
      `lead time ${h(flow.leadTimeHours)}, cycle time ${h(flow.cycleTimeHours)}, blocked ${flow.blockedHours} h, reopened ${flow.reopenings}x`,
      'time in status (up to done):',
      ...statuses,
    ].join('\n'),
    flow,
  );
  return 0;
}

async function portfolioCommand(ctx: Ctx, flags: CliInvocation['flags'], print: (t: string, j: unknown) => void) {
  const { reports } = await portfolioFlow(ctx, { mapping: flags.mapping, weeks: Number(flags.weeks ?? 12) });
  const d = (v: number | null) => (v === null ? '-' : `${v} d`);
  const text = reports.map((r) =>
    [
      `Mapping "${r.mapping}", last ${r.weeks.length} weeks:`,
      `  done per week: ${r.weeks.map((w) => `${w.weekStart} ${w.done}`).join(', ')}`,
      `  cycle time p50 ${d(r.cycleTimeDays.p50)}, p85 ${d(r.cycleTimeDays.p85)}, p95 ${d(r.cycleTimeDays.p95)} (${r.cycleTimeDays.count} done)`,
      `  lead time p50 ${d(r.leadTimeDays.p50)}, p85 ${d(r.leadTimeDays.p85)}, p95 ${d(r.leadTimeDays.p95)}`,
      `  in progress: ${
        Object.entries(r.workInProgress)
          .map(([s, n]) => `${s} ${n}`)
          .join(', ') || 'nothing'
      }`,
      ...r.ageing.slice(0, 10).map((a) => `    ${a.jiraKey.padEnd(10)} ${a.status.padEnd(16)} ${a.ageDays} d`),
      ...(r.notYetRefreshed ? [`  (${r.notYetRefreshed} requests not recomputed yet: run it again)`] : []),
    ].join('\n'),
  );
  print(text.join('\n\n'), { reports });
  return 0;
}
