// Serves a built app over HTTP: Mastra's routes plus GET /health with the mode of each part and
// whether the database takes writes.
// Slack's /slack/events and /slack/interactions are the server's hot path: they are answered
// straight from node:http (body bytes, signature, enqueue, 200), without the web Request and
// Response objects, body streams and middleware that every other request goes through. Mastra
// registers its own /health before any user route, so this server answers /health first too.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { createHonoServer } from '@mastra/deployer/server';
import type { HelpdeskApp } from './app.js';
import { bodyLimitFor, limitRequestBodies, readNodeBody } from './http/body-limit.js';

export type RunningServer = { url: string; close(): Promise<void> };

/**
 * How long an idle keep-alive connection stays open. Longer than a load balancer's idle timeout
 * (AWS ALB: 60 s), so the balancer closes first: with Node's 5 s the server could close a connection
 * the balancer was just reusing, and that request failed (a 502 to Slack, which then retries).
 */
const KEEP_ALIVE_MS = 65_000;

type SlackHttp = NonNullable<HelpdeskApp['slackHttp']>;

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
  const everythingElse = getRequestListener(
    limitRequestBodies((request) => {
      const { pathname } = new URL(request.url);
      if (request.method === 'GET' && pathname === '/health') return health();
      return mastraApp.fetch(request);
    }),
  );
  const { slackHttp } = app;
  const server = createServer((incoming, outgoing) => {
    const pathname = pathOf(incoming.url);
    if (slackHttp && incoming.method === 'POST' && slackHttp.answers(pathname)) void answerSlack(slackHttp, pathname, incoming, outgoing);
    else void everythingElse(incoming, outgoing);
  });
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
    server.listen(port, host);
  });
  await app.start();
  ready = true;
  const { port: boundPort } = server.address() as AddressInfo;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${boundPort}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** One Slack POST: a body past the limit gets 413 and a closed connection before the rest is read. */
async function answerSlack(slackHttp: SlackHttp, pathname: string, incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
  const plain = { 'content-type': 'text/plain; charset=utf-8' };
  try {
    const rawBody = await readNodeBody(incoming, bodyLimitFor(pathname));
    if (rawBody === 'too_large') return void outgoing.writeHead(413, { ...plain, connection: 'close' }).end('request body too large');
    const answer = await slackHttp.answer(pathname, { rawBody, header: (name) => headerOf(incoming, name) });
    outgoing.writeHead(answer.status, { 'content-type': answer.contentType }).end(answer.body);
  } catch {
    // The request broke off (or the door threw): nothing was stored, so Slack's retry is the recovery.
    if (!outgoing.headersSent) outgoing.writeHead(500, plain).end('internal error');
  }
}

function pathOf(url: string | undefined): string {
  const path = url ?? '/';
  const query = path.indexOf('?');
  return query === -1 ? path : path.slice(0, query);
}

function headerOf(incoming: IncomingMessage, name: string): string | null {
  const value = incoming.headers[name];
  return typeof value === 'string' ? value : null;
}
