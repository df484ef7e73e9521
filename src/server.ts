// Serves a built app over HTTP: Mastra's routes plus GET /health with the mode of each part and
// whether the database takes writes.
// Mastra registers its own /health before any user route, so this wrapper answers it first. Slack's
// /slack/events and /slack/interactions are answered here too, before Mastra's router and its
// per-request middleware: the ack path is the server's hot path.
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createHonoServer } from '@mastra/deployer/server';
import type { HelpdeskApp } from './app.js';
import { limitRequestBodies } from './http/body-limit.js';

export type RunningServer = { url: string; close(): Promise<void> };

/** Listens, starts the app's background work, and only then reports healthy. */
export async function serveHelpdesk(app: HelpdeskApp, { host, port }: { host: string; port: number }): Promise<RunningServer> {
  const mastraApp = await createHonoServer(app.mastra, { tools: {} });
  let ready = false;
  /**
   * 503 until started, and while the database cannot be written (Slack events could not be stored).
   * A model service that does not answer is `degraded` with 200: events are still stored and each
   * person is told, in one sentence, that the AI service is unreachable. So is a turn thread that is
   * still starting or being started again: events are stored and answered once it takes work.
   */
  async function health(): Promise<Response> {
    if (!ready) return Response.json({ status: 'starting', ...app.modes }, { status: 503 });
    const { database, model: modelStatus, turns } = await app.health();
    const status = database === 'ok' && modelStatus === 'ok' && turns === 'ok' ? 'ok' : 'degraded';
    return Response.json({ status, ...app.modes, database, modelStatus, turns }, { status: database === 'ok' ? 200 : 503 });
  }
  const server = serve({
    hostname: host,
    port,
    fetch: limitRequestBodies((request) => {
      const { pathname } = new URL(request.url);
      if (request.method === 'GET' && pathname === '/health') return health();
      return app.direct(request, pathname) ?? mastraApp.fetch(request);
    }),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  await app.start();
  ready = true;
  const { port: boundPort } = server.address() as AddressInfo;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${boundPort}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
