import { Hono } from 'hono';
import { asanaError, asanaPage } from './asana-envelope';
import { plainText, xmlProblem } from './asana-rich-text';
import { injectFaults, recordRequests, type Fault, type RecordedRequest } from './recorded-request';
import { addStatusUpdateRoutes } from './fake-asana-status-updates';
import { addSectionRoutes } from './fake-asana-sections';

type Value = string | number | string[] | { date: string } | null;

export interface FakeAsanaField {
  gid: string;
  name: string;
  resource_subtype: 'enum' | 'multi_enum' | 'text' | 'number' | 'date' | 'people';
  precision?: number;
  enum_options?: Array<{ gid: string; name: string; enabled: boolean }>;
}

export interface FakeAsanaSeed {
  accessToken: string;
  projectGid: string;
  projectName?: string;
  /** Custom fields of the workspace that are not on the project (Asana's field library). */
  libraryFields?: FakeAsanaField[];
  fields: FakeAsanaField[];
  /** More projects of the workspace, each with its own fields (a field may be on several). */
  otherProjects?: Array<{ gid: string; name: string; fields: FakeAsanaField[] }>;
  /** Tasks, in the seeded project unless `projectGid` (or `projectGids`: multi-homed) says otherwise. */
  tasks: Array<{
    gid: string;
    name: string;
    projectGid?: string;
    projectGids?: string[];
    followers?: string[];
    values?: Record<string, Value>;
  }>;
  users?: Array<{ gid: string; email: string; name: string }>;
  /** The user the access token belongs to (`/users/me`, the author of comments). */
  me?: { gid: string; name: string };
  /** Enforce Asana's per-minute request limit (a rolling minute), answering 429 with Retry-After. */
  requestsPerMinute?: number;
  /**
   * How the stand-in reaches a webhook target for the handshake (Asana POSTs `X-Hook-Secret`
   * to it and expects it echoed while the create request is still open).
   */
  deliverHandshake?: (target: string, secret: string) => Promise<Response>;
}

export interface FakeStory {
  gid: string;
  resource_type: 'story';
  resource_subtype: 'comment_added';
  created_at: string;
  created_by: { gid: string; resource_type: 'user'; name: string };
  html_text: string;
  text: string;
}

/**
 * A stand-in for the Asana REST API, as far as the bridge uses it: custom field settings,
 * tasks (read, and `PUT` of custom_fields with Asana's type rules) and users. Answers in
 * Asana's envelope (`{data}`, `{errors}`), paginates with `offset`/`next_page`.
 */
export function createFakeAsana(seed: FakeAsanaSeed) {
  const requests: RecordedRequest[] = [];
  const faults: Fault[] = [];
  // This instance's own copies: setup adds fields and options, and a test's changes stay in it.
  const projectFields: FakeAsanaField[] = seed.fields.map((f) => ({
    ...f,
    ...(f.enum_options && { enum_options: f.enum_options.map((o) => ({ ...o })) }),
  }));
  /** The workspace's custom fields: the projects', and the others of its library. */
  const fields = new Map([...projectFields, ...(seed.libraryFields ?? [])].map((f) => [f.gid, f]));
  const projects = new Map([
    [seed.projectGid, { gid: seed.projectGid, name: seed.projectName ?? 'Feature requests', fields: projectFields }],
  ]);
  for (const other of seed.otherProjects ?? []) {
    // A field already in the workspace is the same field (one gid, one value per task).
    const own = other.fields.map((f) => fields.get(f.gid) ?? { ...f });
    for (const f of own) fields.set(f.gid, f);
    projects.set(other.gid, { gid: other.gid, name: other.name, fields: own });
  }
  let fieldSeq = 1190000000000000;
  const tasks = new Map(
    seed.tasks.map((t) => [
      t.gid,
      {
        gid: t.gid,
        name: t.name,
        projectGids: t.projectGids ?? [t.projectGid ?? seed.projectGid],
        followers: [...(t.followers ?? [])],
        values: { ...t.values } as Record<string, Value>,
      },
    ]),
  );
  type Task = NonNullable<ReturnType<typeof tasks.get>>;
  /** The fields a task has: those of every project it is in. */
  const fieldsOf = (task: Task) => [
    ...new Map(task.projectGids.flatMap((g) => projects.get(g)?.fields ?? []).map((f) => [f.gid, f])).values(),
  ];
  const me = seed.me ?? { gid: '1500000000000099', name: 'Jira bridge' };
  const users = [...(seed.users ?? []), { ...me, email: 'bridge@example.com' }];
  const stories = new Map<string, FakeStory[]>();
  let storySeq = 1600000000000000;
  let now = () => Date.now();

  const app = new Hono().basePath('/api/1.0');
  app.use(recordRequests(requests));
  app.use(async (c, next) => {
    if (c.req.header('authorization') !== `Bearer ${seed.accessToken}`)
      return c.json(asanaError('Not Authorized'), 401);
    await next();
  });
  app.use(injectFaults(faults));
  const recent: number[] = [];
  let throttled = 0;
  app.use(async (c, next) => {
    if (!seed.requestsPerMinute) return next();
    const t = now();
    while (recent.length && recent[0]! <= t - 60_000) recent.shift();
    if (recent.length >= seed.requestsPerMinute) {
      throttled++;
      c.header('Retry-After', String(Math.ceil((recent[0]! + 60_000 - t) / 1000)));
      return c.json(asanaError('You have made too many requests recently. Please, be chill.'), 429);
    }
    recent.push(t);
    await next();
  });

  // One workspace holding the seeded project (and the tasks' other projects), as the token sees it.
  const WORKSPACE = { gid: '1100000000009999', resource_type: 'workspace', name: 'Acme' };
  app.get('/workspaces', (c) => c.json({ data: [WORKSPACE], next_page: null }));
  app.get('/projects', (c) => {
    if (c.req.query('workspace') !== WORKSPACE.gid) return c.json({ data: [], next_page: null });
    const others = [...new Set([...tasks.values()].flatMap((t) => t.projectGids))].filter((g) => !projects.has(g));
    const listed = [
      ...[...projects.values()].map((p) => ({ gid: p.gid, resource_type: 'project', name: p.name })),
      ...others.map((gid) => ({ gid, resource_type: 'project', name: `Project ${gid}` })),
    ];
    return c.json({ data: listed, next_page: null });
  });

  const fieldJson = (f: FakeAsanaField) => ({ ...f, resource_type: 'custom_field', type: f.resource_subtype });
  app.get('/workspaces/:gid/custom_fields', (c) =>
    c.req.param('gid') === WORKSPACE.gid
      ? c.json({ data: [...fields.values()].map(fieldJson), next_page: null })
      : c.json(asanaError('workspace: Not a recognized ID'), 404),
  );
  app.post('/custom_fields', async (c) => {
    const { data } = (await c.req.json()) as {
      data: {
        workspace: string;
        name: string;
        resource_subtype: FakeAsanaField['resource_subtype'];
        enum_options?: Array<{ name: string }>;
      };
    };
    if (data.workspace !== WORKSPACE.gid) return c.json(asanaError('workspace: Not a recognized ID'), 400);
    if ([...fields.values()].some((f) => f.name.toLowerCase() === data.name.toLowerCase()))
      return c.json(asanaError(`name: A custom field named ${data.name} already exists`), 400);
    const field: FakeAsanaField = {
      gid: String(fieldSeq++),
      name: data.name,
      resource_subtype: data.resource_subtype,
      ...(data.enum_options && {
        enum_options: data.enum_options.map((o) => ({ gid: String(fieldSeq++), name: o.name, enabled: true })),
      }),
    };
    fields.set(field.gid, field);
    return c.json({ data: fieldJson(field) }, 201);
  });
  app.post('/custom_fields/:gid/enum_options', async (c) => {
    const field = fields.get(c.req.param('gid'));
    if (!field?.enum_options) return c.json(asanaError('custom_field: Not a recognized ID'), 404);
    const { data } = (await c.req.json()) as { data: { name: string } };
    const option = { gid: String(fieldSeq++), name: data.name, enabled: true };
    field.enum_options.push(option);
    return c.json({ data: { ...option, resource_type: 'enum_option' } }, 201);
  });
  app.post('/projects/:gid/addCustomFieldSetting', async (c) => {
    const project = projects.get(c.req.param('gid'));
    if (!project) return c.json(asanaError('project: Not a recognized ID'), 404);
    const { data } = (await c.req.json()) as { data: { custom_field: string } };
    const field = fields.get(data.custom_field);
    if (!field) return c.json(asanaError('custom_field: Not a recognized ID'), 400);
    if (project.fields.includes(field))
      return c.json(asanaError('custom_field: This custom field is already on the project'), 400);
    project.fields.push(field);
    return c.json({ data: { gid: `cfs-${field.gid}`, resource_type: 'custom_field_setting' } });
  });

  app.get('/projects/:gid/custom_field_settings', (c) => {
    const project = projects.get(c.req.param('gid'));
    if (!project) return c.json(asanaError('project: Not a recognized ID'), 404);
    const all = project.fields.map((f) => ({
      gid: `cfs-${f.gid}`,
      resource_type: 'custom_field_setting',
      custom_field: { ...f, resource_type: 'custom_field' },
    }));
    return c.json(asanaPage(all, (q) => c.req.query(q), `/projects/${project.gid}/custom_field_settings`));
  });

  app.get('/tasks/:gid', (c) => {
    const task = tasks.get(c.req.param('gid'));
    if (!task) return c.json(asanaError('task: Not a recognized ID'), 404);
    return c.json({ data: taskView(task) });
  });

  app.put('/tasks/:gid', async (c) => {
    const task = tasks.get(c.req.param('gid'));
    if (!task) return c.json(asanaError('task: Not a recognized ID'), 404);
    const body = (await c.req.json()) as { data?: { custom_fields?: Record<string, Value> } };
    const updates = body.data?.custom_fields ?? {};
    for (const [gid, value] of Object.entries(updates)) {
      const problem = checkValue(task, gid, value);
      if (problem) return c.json(asanaError(problem), 400);
    }
    Object.assign(task.values, updates);
    return c.json({ data: taskView(task) });
  });

  const webhooks: Array<{ gid: string; resource: string; target: string; active: boolean; filters: unknown }> = [];
  let webhookCount = 0;
  app.get('/projects/:gid', (c) =>
    projects.has(c.req.param('gid'))
      ? c.json({
          data: {
            gid: c.req.param('gid'),
            resource_type: 'project',
            workspace: { gid: '1100000000009999', resource_type: 'workspace' },
          },
        })
      : c.json(asanaError('project: Not a recognized ID'), 404),
  );
  app.get('/webhooks', (c) =>
    c.json({
      data: webhooks
        .filter((w) => !c.req.query('resource') || w.resource === c.req.query('resource'))
        .map(({ gid, target, active }) => ({ gid, resource_type: 'webhook', target, active })),
      next_page: null,
    }),
  );
  app.post('/webhooks', async (c) => {
    const { data } = (await c.req.json()) as { data: { resource: string; target: string; filters?: unknown } };
    const secret = `secret-${++webhookCount}`;
    const answer = seed.deliverHandshake ? await seed.deliverHandshake(data.target, secret) : null;
    if (!answer || !answer.ok || answer.headers.get('x-hook-secret') !== secret)
      return c.json(asanaError('The remote server did not respond with the handshake secret.'), 400);
    const hook = {
      gid: String(1700000000000000 + webhookCount),
      resource: data.resource,
      target: data.target,
      active: true,
      filters: data.filters,
    };
    webhooks.push(hook);
    return c.json(
      {
        data: {
          gid: hook.gid,
          resource_type: 'webhook',
          active: true,
          target: hook.target,
          resource: { gid: hook.resource },
        },
        X_Hook_Secret: secret,
      },
      201,
    );
  });

  app.delete('/webhooks/:gid', (c) => {
    const at = webhooks.findIndex((w) => w.gid === c.req.param('gid'));
    if (at < 0) return c.json(asanaError('webhook: Not a recognized ID'), 404);
    webhooks.splice(at, 1);
    return c.json({ data: {} });
  });

  const statusUpdates = addStatusUpdateRoutes(
    app,
    (gid) => projects.has(gid),
    me,
    () => now(),
  );
  const board = addSectionRoutes(
    app,
    (gid) => projects.has(gid),
    (gid) => tasks.get(gid)?.projectGids,
  );

  app.get('/tasks/:gid/stories', (c) => {
    if (!tasks.has(c.req.param('gid'))) return c.json(asanaError('task: Not a recognized ID'), 404);
    return c.json(asanaPage(stories.get(c.req.param('gid')) ?? [], (q) => c.req.query(q)));
  });

  app.post('/tasks/:gid/stories', async (c) => {
    const task = tasks.get(c.req.param('gid'));
    if (!task) return c.json(asanaError('task: Not a recognized ID'), 404);
    const html = ((await c.req.json()) as { data?: { html_text?: string } }).data?.html_text ?? '';
    const problem = xmlProblem(html);
    if (problem) return c.json(asanaError(`html_text: ${problem}`), 400);
    return c.json({ data: addStory(task, me, html) }, 201);
  });

  /** A comment on a task by `author`; as in Asana, a mention makes the person a collaborator (follower). */
  function addStory(task: Task, author: { gid: string; name: string }, html: string): FakeStory {
    for (const [, gid] of html.matchAll(/data-asana-gid="(\d+)"/g))
      if (gid && !task.followers.includes(gid)) task.followers.push(gid);
    const story: FakeStory = {
      gid: String(storySeq++),
      resource_type: 'story',
      resource_subtype: 'comment_added',
      created_at: new Date(now()).toISOString(),
      created_by: { gid: author.gid, resource_type: 'user', name: author.name },
      html_text: html,
      text: plainText(html, users),
    };
    stories.set(task.gid, [...(stories.get(task.gid) ?? []), story]);
    return story;
  }

  // A story by gid, as its task's history holds it (`target` is the task).
  const storyOf = (gid: string) => {
    for (const [taskGid, list] of stories) {
      const story = list.find((x) => x.gid === gid);
      if (story) return { story, taskGid, list };
    }
    return null;
  };
  app.get('/stories/:gid', (c) => {
    const found = storyOf(c.req.param('gid'));
    if (!found) return c.json(asanaError('story: Not a recognized ID'), 404);
    return c.json({ data: { ...found.story, target: { gid: found.taskGid, resource_type: 'task' } } });
  });
  app.put('/stories/:gid', async (c) => {
    const found = storyOf(c.req.param('gid'));
    if (!found) return c.json(asanaError('story: Not a recognized ID'), 404);
    if (found.story.created_by.gid !== me.gid) return c.json(asanaError('Forbidden'), 403);
    const html = ((await c.req.json()) as { data?: { html_text?: string } }).data?.html_text ?? '';
    const problem = xmlProblem(html);
    if (problem) return c.json(asanaError(`html_text: ${problem}`), 400);
    Object.assign(found.story, { html_text: html, text: plainText(html, users) });
    return c.json({ data: found.story });
  });
  app.delete('/stories/:gid', (c) => {
    const found = storyOf(c.req.param('gid'));
    if (!found) return c.json(asanaError('story: Not a recognized ID'), 404);
    found.list.splice(found.list.indexOf(found.story), 1);
    return c.json({ data: {} });
  });

  app.post('/tasks/:gid/addFollowers', async (c) => {
    const task = tasks.get(c.req.param('gid'));
    if (!task) return c.json(asanaError('task: Not a recognized ID'), 404);
    const add = ((await c.req.json()) as { data?: { followers?: string[] } }).data?.followers ?? [];
    for (const gid of add) if (!task.followers.includes(gid)) task.followers.push(gid);
    return c.json({ data: taskView(task) });
  });

  app.get('/users/:id', (c) => {
    const id = c.req.param('id') === 'me' ? me.gid : c.req.param('id').toLowerCase();
    const user = users.find((u) => u.gid === id || u.email.toLowerCase() === id);
    return user
      ? c.json({ data: { gid: user.gid, resource_type: 'user', name: user.name, email: user.email } })
      : c.json(asanaError('user: Not a recognized ID'), 404);
  });

  function checkValue(task: Task, gid: string, value: Value): string | null {
    const field = fieldsOf(task).find((f) => f.gid === gid);
    if (!field) return `custom_fields: ${gid} is not a custom field on this task`;
    if (value === null) return null;
    switch (field.resource_subtype) {
      case 'enum':
        return typeof value === 'string' && field.enum_options?.some((o) => o.gid === value && o.enabled)
          ? null
          : `custom_fields: ${value} is not an enabled enum option of ${gid}`;
      case 'multi_enum':
        return Array.isArray(value) && value.every((gid) => field.enum_options?.some((o) => o.gid === gid && o.enabled))
          ? null
          : `custom_fields: multi_enum value for ${gid} must be an array of enabled enum option gids`;
      case 'text':
        return typeof value === 'string' && value.length <= 1024
          ? null
          : `custom_fields: text value for ${gid} must be a string of at most 1024 characters`;
      case 'number':
        return typeof value === 'number' ? null : `custom_fields: number value for ${gid} must be a number`;
      case 'date':
        return typeof value === 'object' && !Array.isArray(value) && /^\d{4}-\d{2}-\d{2}$/.test(value.date)
          ? null
          : `custom_fields: date value for ${gid} must be {date: "YYYY-MM-DD"}`;
      case 'people':
        return Array.isArray(value) && value.every((u) => users.some((x) => x.gid === u))
          ? null
          : `custom_fields: people value for ${gid} must be an array of user gids`;
    }
  }

  function taskView(task: Task) {
    return {
      gid: task.gid,
      resource_type: 'task',
      name: task.name,
      permalink_url: `https://app.asana.com/0/${task.projectGids[0] ?? seed.projectGid}/${task.gid}`,
      projects: task.projectGids.map((gid) => ({ gid, resource_type: 'project' })),
      memberships: board.membershipsOf(task.gid, task.projectGids),
      followers: task.followers.map((gid) => ({
        gid,
        resource_type: 'user',
        name: users.find((u) => u.gid === gid)?.name ?? 'Someone',
      })),
      custom_fields: fieldsOf(task).map((f) => fieldView(f, task.values[f.gid] ?? null)),
    };
  }

  function fieldView(field: FakeAsanaField, value: Value) {
    const base = {
      gid: field.gid,
      name: field.name,
      resource_subtype: field.resource_subtype,
      type: field.resource_subtype,
    };
    switch (field.resource_subtype) {
      case 'enum': {
        const option = field.enum_options?.find((o) => o.gid === value) ?? null;
        return { ...base, enum_value: option, display_value: option?.name ?? null };
      }
      case 'multi_enum': {
        // Asana lists a multi-select's values in the field's option order.
        const chosen = (field.enum_options ?? []).filter((o) => ((value as string[] | null) ?? []).includes(o.gid));
        return { ...base, multi_enum_values: chosen, display_value: chosen.map((o) => o.name).join(', ') || null };
      }
      case 'text':
        return { ...base, text_value: value, display_value: value };
      case 'number':
        return { ...base, number_value: value, display_value: value === null ? null : String(value) };
      case 'date':
        return { ...base, date_value: value, display_value: (value as { date: string } | null)?.date ?? null };
      case 'people': {
        const people = ((value as string[] | null) ?? [])
          .map((gid) => users.find((u) => u.gid === gid))
          .filter(Boolean);
        return {
          ...base,
          people_value: people.map((u) => ({ gid: u!.gid, name: u!.name })),
          display_value: people.map((u) => u!.name).join(', ') || null,
        };
      }
    }
  }

  return {
    app,
    requests,
    faults,
    me,
    ...statusUpdates,
    sectionOf: board.sectionOf,
    addSection: board.addSection,
    sections: board.sections,
    /** How many requests were refused with 429 by the rate limit. */
    throttled: () => throttled,
    webhooks: () => webhooks,
    /** A person changes a field in Asana (not through the API the bridge uses). */
    setValue(taskGid: string, fieldGid: string, value: Value) {
      const task = tasks.get(taskGid);
      if (!task) throw new Error(`no task ${taskGid}`);
      task.values[fieldGid] = value;
    },
    /** A person deletes the task (later reads answer 404). */
    deleteTask(taskGid: string) {
      tasks.delete(taskGid);
    },
    /** A person moves the task out of the project (or into another one). */
    moveTask(taskGid: string, projectGid: string) {
      const task = tasks.get(taskGid);
      if (!task) throw new Error(`no task ${taskGid}`);
      task.projectGids = [projectGid];
    },
    /** A person adds the task to another project too (Asana's multi-homing). */
    addTaskToProject(taskGid: string, projectGid: string) {
      const task = tasks.get(taskGid);
      if (!task) throw new Error(`no task ${taskGid}`);
      if (!task.projectGids.includes(projectGid)) task.projectGids.push(projectGid);
    },
    /** Comments on a task, oldest first. */
    comments: (taskGid: string) => stories.get(taskGid) ?? [],
    /** A person comments on a task (`html` is the story's html_text); returns the story. */
    addComment(taskGid: string, author: { gid: string; name: string }, html: string): FakeStory {
      const task = tasks.get(taskGid);
      if (!task) throw new Error(`no task ${taskGid}`);
      return addStory(task, author, html);
    },
    /** A person edits their comment, or deletes it. */
    editComment(storyGid: string, html: string) {
      const found = storyOf(storyGid);
      if (!found) throw new Error(`no story ${storyGid}`);
      Object.assign(found.story, { html_text: html, text: plainText(html, users) });
    },
    deleteComment(storyGid: string) {
      const found = storyOf(storyGid);
      if (found) found.list.splice(found.list.indexOf(found.story), 1);
    },
    followers: (taskGid: string) => tasks.get(taskGid)?.followers ?? [],
    /** Dates stories from the caller's clock (tests use a test clock). */
    useClock(clock: () => number) {
      now = clock;
    },
    /** As an Asana user would: disables an enum option and adds a new one with the same name. */
    recreateOption(fieldGid: string, name: string, newGid: string) {
      const field = fields.get(fieldGid);
      const old = field?.enum_options?.find((o) => o.name === name);
      if (!field?.enum_options || !old) throw new Error(`no option ${name} on ${fieldGid}`);
      old.enabled = false;
      field.enum_options.push({ gid: newGid, name, enabled: true });
    },
    /** A task's field values by field name, as a person reads them in Asana. */
    displayValues(taskGid: string): Record<string, string | null> {
      const task = tasks.get(taskGid);
      if (!task) throw new Error(`no task ${taskGid}`);
      return Object.fromEntries(taskView(task).custom_fields.map((f) => [f.name, f.display_value as string | null]));
    },
  };
}

export type FakeAsana = ReturnType<typeof createFakeAsana>;
