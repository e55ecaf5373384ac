// The ingest bench's baseline: the barest Hono route on @hono/node-server, from the project's own
// node_modules. It reads the body and acknowledges, as a webhook receiver that does nothing would.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono();
app.post('/webhooks/jira', async (c) => {
  await c.req.text();
  return c.json({ status: 'accepted' });
});
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  console.log(JSON.stringify({ msg: 'bridge listening', port: info.port }));
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
