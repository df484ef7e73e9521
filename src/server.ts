// Serves a built app over HTTP: Mastra's routes plus GET /health with the mode of each part and
// whether the database takes writes.
// Mastra registers its own /health before any user route, so this wrapper answers it first.
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createHonoServer } from '@mastra/deployer/server';
import type { HelpdeskApp } from './app.js';

export type RunningServer = { url: string; close(): Promise<void> };

/** Listens, starts the app's background work, and only then reports healthy. */
export async function serveHelpdesk(app: HelpdeskApp, { host, port }: { host: string; port: number }): Promise<RunningServer> {
  const mastraApp = await createHonoServer(app.mastra, { tools: {} });
  let ready = false;
  /** 200 only when started and the database takes writes; 503 says which part is not ok. */
  async function health(): Promise<Response> {
    if (!ready) return Response.json({ status: 'starting', ...app.modes }, { status: 503 });
    const { database } = await app.health();
    const ok = database === 'ok';
    return Response.json({ status: ok ? 'ok' : 'degraded', ...app.modes, ...(ok ? {} : { database }) }, { status: ok ? 200 : 503 });
  }
  const server = serve({
    hostname: host,
    port,
    fetch: (request) => {
      if (request.method === 'GET' && new URL(request.url).pathname === '/health') return health();
      return mastraApp.fetch(request);
    },
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
