import type { ExpectedField } from '../../../engine/types';
import type { Clock } from '../../../platform/clock/clock';
import { withRetry, type RetryPolicy } from '../../../platform/retry/with-retry';
import type { FieldSetupReport } from '../tracker';
import { asanaItems, unwrap, type AsanaApi } from './asana-client';
import { indexFields, loadFieldCatalog, toAsanaField, type AsanaField } from './field-catalog';
import { planFieldSetup } from './plan-field-setup';

const MAX_PAGES = 50;
const FIELD_OPT_FIELDS = [
  'name',
  'resource_subtype',
  'precision',
  'enum_options.name',
  'enum_options.enabled',
] as const;

/**
 * Plans what the project lacks (plan-field-setup.ts), and unless `dryRun` does it, one request per
 * step. The creating requests are sent once each, never retried blindly: a rerun plans again from
 * what the project then holds, so a step that landed is not repeated.
 */
export async function prepareAsanaFields(
  api: AsanaApi,
  clock: Clock,
  policy: RetryPolicy | undefined,
  projectGid: string,
  expected: readonly ExpectedField[],
  dryRun: boolean,
): Promise<FieldSetupReport> {
  const read = <T>(action: string, call: () => Promise<{ data?: T; error?: unknown; response: Response }>) =>
    withRetry(async () => unwrap(await call(), action, clock), clock, policy);
  const project = await loadFieldCatalog(api, projectGid, clock, policy);
  const workspaceGid = (
    await read('project read', () =>
      api.GET('/projects/{project_gid}', {
        params: { path: { project_gid: projectGid }, query: { opt_fields: ['workspace'] } },
      }),
    )
  ).data?.workspace?.gid;
  if (!workspaceGid) throw new Error(`Asana did not say which workspace project ${projectGid} is in`);
  const library: AsanaField[] = [];
  const listed = asanaItems(
    (offset) =>
      read('workspace custom field list', () =>
        api.GET('/workspaces/{workspace_gid}/custom_fields', {
          params: {
            path: { workspace_gid: workspaceGid },
            query: { opt_fields: [...FIELD_OPT_FIELDS], limit: 100, ...(offset && { offset }) },
          },
        }),
      ),
    { maxPages: MAX_PAGES },
  );
  for await (const f of listed) {
    const field = toAsanaField(f);
    if (field) library.push(field);
  }
  const plan = planFieldSetup(expected, project, indexFields(library));
  if (!dryRun) {
    const addToProject = async (fieldGid: string, name: string) =>
      unwrap(
        await api.POST('/projects/{project_gid}/addCustomFieldSetting', {
          params: { path: { project_gid: projectGid } },
          body: { data: { custom_field: fieldGid } },
        }),
        `adding field "${name}" to the project`,
        clock,
      );
    for (const step of plan.steps) {
      if (step.action === 'create-field') {
        const created = unwrap(
          await api.POST('/custom_fields', {
            body: {
              data: {
                workspace: workspaceGid,
                name: step.field,
                resource_subtype: step.type,
                ...(step.options.length && { enum_options: step.options.map((name) => ({ name })) }),
              },
            },
          }),
          `creating field "${step.field}"`,
          clock,
        );
        await addToProject(created.data!.gid!, step.field);
      } else if (step.action === 'add-field') await addToProject(step.gid!, step.field);
      else
        for (const name of step.options)
          unwrap(
            await api.POST('/custom_fields/{custom_field_gid}/enum_options', {
              params: { path: { custom_field_gid: step.gid! } },
              body: { data: { name } },
            }),
            `adding option "${name}" to "${step.field}"`,
            clock,
          );
    }
  }
  return { steps: plan.steps.map(({ gid: _gid, ...step }) => step), problems: plan.problems };
}
