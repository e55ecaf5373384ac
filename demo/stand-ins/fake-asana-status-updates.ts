import type { Hono } from 'hono';
import { asanaError, asanaPage } from './asana-envelope';

export interface FakeStatusUpdate {
  gid: string;
  resource_type: 'status_update';
  resource_subtype: 'project_status_update';
  title: string;
  text: string;
  status_type: string;
  created_at: string;
  created_by: { gid: string; resource_type: 'user'; name: string };
  parent: { gid: string; resource_type: 'project' };
}

const STATUS_TYPES = ['on_track', 'at_risk', 'off_track', 'on_hold', 'complete', 'dropped'];

/**
 * The stand-in's project status updates (`/status_updates`): created on a project by the API's
 * caller, listed newest first (paged by `offset`, filtered by `created_since`), as Asana does.
 */
export function addStatusUpdateRoutes(
  api: Hono,
  projectExists: (gid: string) => boolean,
  me: { gid: string; name: string },
  now: () => number,
) {
  const updates: FakeStatusUpdate[] = [];
  let seq = 1_700_000_000_000_000;
  api.post('/status_updates', async (c) => {
    const data = ((await c.req.json()) as { data?: Record<string, unknown> }).data ?? {};
    const parent = String(data.parent ?? '');
    if (!projectExists(parent)) return c.json(asanaError('parent: Not a recognized ID'), 400);
    if (typeof data.text !== 'string' && typeof data.html_text !== 'string')
      return c.json(asanaError('text: Missing input'), 400);
    if (!STATUS_TYPES.includes(String(data.status_type)))
      return c.json(asanaError('status_type: Invalid status type for a project'), 400);
    const update: FakeStatusUpdate = {
      gid: String(seq++),
      resource_type: 'status_update',
      resource_subtype: 'project_status_update',
      title: String(data.title ?? ''),
      text: String(data.text ?? data.html_text),
      status_type: String(data.status_type),
      created_at: new Date(now()).toISOString(),
      created_by: { gid: me.gid, resource_type: 'user', name: me.name },
      parent: { gid: parent, resource_type: 'project' },
    };
    updates.push(update);
    return c.json({ data: update }, 201);
  });
  api.get('/status_updates', (c) => {
    const parent = c.req.query('parent');
    if (!parent) return c.json(asanaError('parent: Missing input'), 400);
    const since = Date.parse(c.req.query('created_since') ?? '') || 0;
    const all = updates.filter((u) => u.parent.gid === parent && Date.parse(u.created_at) >= since).reverse();
    return c.json(asanaPage(all, (q) => c.req.query(q)));
  });
  return {
    /** Every status update posted, oldest first. */
    statusUpdates: () => updates,
  };
}
