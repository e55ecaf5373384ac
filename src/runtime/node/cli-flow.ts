import type { Ctx } from '../../flows/context';
import { requestFlow } from '../../flows/flow/request-flow';

/** `flow <JIRA-KEY>`: one request's flow metrics, from its Jira status history. */
export async function flowCommand(ctx: Ctx, jiraKey: string, print: (t: string, j: unknown) => void) {
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
