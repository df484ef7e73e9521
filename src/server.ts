// Serves a built app over HTTP: Mastra's routes plus GET /health with the mode of each part.
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
  const server = serve({
    hostname: host,
    port,
    fetch: (request) => {
      if (request.method === 'GET' && new URL(request.url).pathname === '/health') {
        return Response.json({ status: ready ? 'ok' : 'starting', ...app.modes }, { status: ready ? 200 : 503 });
      }
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
