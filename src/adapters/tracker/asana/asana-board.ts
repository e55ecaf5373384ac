import type { Clock } from '../../../platform/clock/clock';
import { withRetry, withRetryIfRejected, type RetryPolicy } from '../../../platform/retry/with-retry';
import type { TrackerBoard } from '../tracker';
import { unwrap, type AsanaApi } from './asana-client';

/** How long the project's sections are trusted before they are read again. */
const SECTIONS_TTL_MS = 10 * 60_000;

/** Asana's project sections (`/projects/{gid}/sections`, `/sections/{gid}/addTask`) as the board. */
export function createAsanaBoard(api: AsanaApi, clock: Clock, policy: RetryPolicy, projectGid: string): TrackerBoard {
  let cached: { at: number; sections: Promise<Map<string, string>> } | undefined;
  const names = new Map<string, string>();
  const sections = () => {
    if (!cached || clock.now() - cached.at > SECTIONS_TTL_MS) {
      const read = readSections();
      cached = { at: clock.now(), sections: read };
      read.catch(() => (cached = undefined));
    }
    return cached.sections;
  };
  async function readSections(): Promise<Map<string, string>> {
    // Keyed by name in any case; insertion order is the board's.
    const byName = new Map<string, string>();
    let offset: string | undefined;
    do {
      const page = await withRetry(
        async () =>
          unwrap(
            await api.GET('/projects/{project_gid}/sections', {
              params: {
                path: { project_gid: projectGid },
                query: { opt_fields: ['name'], limit: 100, ...(offset && { offset }) },
              },
            }),
            `read of project ${projectGid} sections`,
            clock,
          ),
        clock,
        policy,
      );
      for (const s of page.data ?? []) if (s.gid && s.name) byName.set(s.name.trim().toLowerCase(), s.gid);
      for (const s of page.data ?? []) if (s.gid && s.name) names.set(s.gid, s.name);
      offset = page.next_page?.offset ?? undefined;
    } while (offset);
    return byName;
  }

  return {
    async listSections() {
      const byName = await sections();
      return [...byName.values()].map((gid) => names.get(gid) ?? gid);
    },

    async placeTask(taskId, section, { create }) {
      const key = section.trim().toLowerCase();
      let sectionGid = (await sections()).get(key);
      if (!sectionGid && create) {
        cached = undefined; // another worker may have made it meanwhile: read again first
        sectionGid = (await sections()).get(key);
        if (!sectionGid) {
          // Not idempotent: only a refusal is retried; after an ambiguous failure the next attempt
          // reads the sections first.
          const made = await withRetryIfRejected(
            async () =>
              unwrap(
                await api.POST('/projects/{project_gid}/sections', {
                  params: { path: { project_gid: projectGid }, query: { opt_fields: ['name'] } },
                  body: { data: { name: section.trim() } },
                }),
                `creating section "${section}" in project ${projectGid}`,
                clock,
              ),
            clock,
            policy,
          );
          sectionGid = made.data?.gid;
          cached = undefined;
        }
      }
      if (!sectionGid) return 'no-section';
      const task = await withRetry(
        async () =>
          unwrap(
            await api.GET('/tasks/{task_gid}', {
              params: {
                path: { task_gid: taskId },
                query: { opt_fields: ['memberships.section', 'memberships.project'] },
              },
            }),
            `read of task ${taskId} sections`,
            clock,
          ),
        clock,
        policy,
      );
      const memberships = (task.data?.memberships ?? []) as Array<{
        project?: { gid?: string };
        section?: { gid?: string };
      }>;
      if (memberships.some((m) => m.project?.gid === projectGid && m.section?.gid === sectionGid))
        return 'already-there';
      // Adding a task to the section it is bound for twice leaves it there: safe to retry.
      await withRetry(
        async () =>
          unwrap(
            await api.POST('/sections/{section_gid}/addTask', {
              params: { path: { section_gid: sectionGid! } },
              body: { data: { task: taskId } },
            }),
            `moving task ${taskId} to section "${section}"`,
            clock,
          ),
        clock,
        policy,
      );
      return 'moved';
    },
  };
}
