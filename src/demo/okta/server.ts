// The embedded demo Okta org: a node:http server answering the Management API subset the product
// uses, with Okta's headers (Date, x-okta-request-id, X-Rate-Limit-*), SSWS auth or OAuth 2.0 tokens
// from its authorization servers (authorization-server.ts), error bodies and System Log. Also serves
// the local reset-password page.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { APP_ROUTES } from './app-routes.js';
import { createAuthorizationServer, type DemoServiceApp } from './authorization-server.js';
import { methodNotAllowed, notFound, OktaHttpError, rateLimited } from './errors.js';
import { GROUP_ROUTES } from './group-routes.js';
import { LOG_ROUTES } from './log-routes.js';
import { createOrgState } from './org-state.js';
import { createRateLimiter } from './rate-limit.js';
import { answerPush, PUSH_ROUTES, waitingPushes, type PhoneAnswer, type PhonePush } from './push-verify.js';
import { resetPasswordPage } from './reset-page.js';
import { matchRoute, type Reply, type RouteContext } from './router.js';
import { DEMO_SEED } from './seed.js';
import { logEvent, type RequestInfo } from './system-log.js';
import type { AppRecord, DemoSeed, FactorRecord, GroupRecord, LogEvent, PushTransactionRecord, SessionRecord, UserRecord } from './types.js';
import { USER_ROUTES } from './user-routes.js';

/** A fixed demo SSWS token, shaped like a real one ('00' + 40 characters). */
export const DEMO_OKTA_TOKEN = '00demoAcmeHelpdeskOrgToken0000000000000000';

export type DemoOktaOrgOptions = {
  token?: string;
  rateLimitPerMinute?: number;
  seed?: DemoSeed;
  now?: () => Date;
  /** OAuth 2.0 service apps that may use client_credentials with private_key_jwt (see authorization-server.ts). */
  serviceApps?: DemoServiceApp[];
};

/** Read access for tests and the demo console; request handlers are the only writers. */
export type DemoOrgState = {
  readonly users: ReadonlyMap<string, Readonly<UserRecord>>;
  readonly groups: ReadonlyMap<string, Readonly<GroupRecord>>;
  readonly apps: ReadonlyMap<string, Readonly<AppRecord>>;
  /** group id -> member user ids */
  readonly memberships: ReadonlyMap<string, ReadonlySet<string>>;
  /** user id -> enrolled factors */
  readonly factors: ReadonlyMap<string, readonly FactorRecord[]>;
  readonly sessions: ReadonlyArray<Readonly<SessionRecord>>;
  readonly logs: readonly LogEvent[];
  /** outstanding reset_password token -> user id */
  readonly resetTokens: ReadonlyMap<string, string>;
  /** push verify transaction id -> its state */
  readonly pushes: ReadonlyMap<string, Readonly<PushTransactionRecord>>;
};

export type DemoOktaOrg = {
  start(port?: number, host?: string): Promise<{ url: string }>;
  stop(): Promise<void>;
  state: DemoOrgState;
  token: string;
  /** /api requests received since start or the last resetCounters(). */
  requestCount(): number;
  /** Zeroes the request count and starts a fresh rate-limit window. */
  resetCounters(): void;
  /** The last RECENT_REQUESTS /api requests, oldest first, with the request id each was answered with (to check the sources shown). */
  recentRequests(): ReadonlyArray<{ method: string; uri: string; requestId: string }>;
  /** The demo people's Okta Verify: the pushes waiting on a person's phone, and their answer to one. */
  phone: {
    waiting(email: string): PhonePush[];
    /** The push's result after the answer; undefined when it is not waiting any more. */
    answer(transactionId: string, answer: PhoneAnswer): 'SUCCESS' | 'REJECTED' | undefined;
  };
};

const RECENT_REQUESTS = 100;

const ROUTES = [...USER_ROUTES, ...GROUP_ROUTES, ...LOG_ROUTES, ...APP_ROUTES, ...PUSH_ROUTES];

function sameToken(header: string | undefined, token: string): boolean {
  const match = /^SSWS (.+)$/.exec(header ?? '');
  if (!match) return false;
  const given = Buffer.from(match[1]!);
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A JSON request body, or undefined when there is none or it is not JSON. */
function jsonBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function answerInternalError(response: ServerResponse, error: unknown): void {
  const body = new OktaHttpError(500, 'E0000009', 'Internal Server Error', [String(error)]).body;
  response.writeHead(500, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}

export function createDemoOktaOrg(options: DemoOktaOrgOptions = {}): DemoOktaOrg {
  const now = options.now ?? (() => new Date());
  const token = options.token ?? DEMO_OKTA_TOKEN;
  const state = createOrgState(options.seed ?? DEMO_SEED, now());
  const limiter = createRateLimiter(options.rateLimitPerMinute ?? 600);
  let requests = 0;
  const recent: Array<{ method: string; uri: string; requestId: string }> = [];
  let base = '';
  let server: Server | undefined;
  // OAuth 2.0 / OIDC: /oauth2/* endpoints, and org AS tokens (Bearer or DPoP) on the API besides SSWS.
  const oauth = createAuthorizationServer({ state, now, serviceApps: options.serviceApps ?? [] });

  function answerApi(request: IncomingMessage, url: URL, info: RequestInfo, at: Date, body: unknown): { reply: Reply; headers: Record<string, string> } {
    requests += 1;
    const rate = limiter.take(at);
    try {
      if (!rate.allowed) throw rateLimited();
      const refusal = sameToken(request.headers.authorization, token) ? undefined : oauth.checkApiToken(request, url, base);
      if (refusal) throw refusal;
      const match = matchRoute(ROUTES, request.method ?? 'GET', url.pathname);
      if (match === 'wrong-method') throw methodNotAllowed();
      if (match === 'no-route') throw notFound(url.pathname, 'Resource');
      const context: RouteContext = {
        state, base, path: url.pathname, query: url.searchParams, params: match.params, now: at, body,
        record: (change) => state.logs.push(logEvent(change, info, at)),
      };
      return { reply: match.route.handle(context), headers: rate.headers };
    } catch (error) {
      if (!(error instanceof OktaHttpError)) throw error;
      return { reply: { status: error.status, body: error.body }, headers: rate.headers };
    }
  }

  function handle(request: IncomingMessage, response: ServerResponse): void {
    const at = now();
    const url = new URL(`${base}${request.url ?? '/'}`);
    const info: RequestInfo = {
      requestId: randomBytes(16).toString('hex'),
      ip: request.socket.remoteAddress ?? '127.0.0.1',
      userAgent: request.headers['user-agent'] ?? '',
      uri: request.url ?? '/',
    };
    // Like Okta, every answer (OAuth endpoints and errors included) carries its request id.
    response.setHeader('Date', at.toUTCString());
    response.setHeader('x-okta-request-id', info.requestId);
    if (url.pathname.startsWith('/oauth2/')) {
      oauth.handle(request, response, url, base).catch((error: unknown) => answerInternalError(response, error));
      return;
    }
    const resetToken = /^\/demo\/reset_password\/([^/]+)$/.exec(url.pathname)?.[1];
    if (request.method === 'GET' && resetToken) {
      const userId = state.resetTokens.get(resetToken);
      const page = resetPasswordPage(userId === undefined ? undefined : state.users.get(userId));
      response.writeHead(page.status, { 'Content-Type': 'text/html; charset=utf-8' }).end(page.html);
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      recent.push({ method: request.method ?? 'GET', uri: info.uri, requestId: info.requestId });
      if (recent.length > RECENT_REQUESTS) recent.shift();
    }
    // The request body (a push verify's `useNumberMatchingChallenge`) is read before answering.
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      try {
        respond(request, response, url, info, at, jsonBody(Buffer.concat(chunks).toString('utf8')));
      } catch (error) {
        answerInternalError(response, error);
      }
    });
  }

  function respond(request: IncomingMessage, response: ServerResponse, url: URL, info: RequestInfo, at: Date, body: unknown): void {
    const { reply, headers } = url.pathname.startsWith('/api/')
      ? answerApi(request, url, info, at, body)
      : { reply: { status: 404, body: notFound(url.pathname, 'Resource').body }, headers: {} };
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    if (reply.body === undefined) {
      response.writeHead(reply.status).end();
      return;
    }
    if (reply.links) response.setHeader('Link', reply.links);
    response.writeHead(reply.status, { 'Content-Type': 'application/json' }).end(JSON.stringify(reply.body));
  }

  return {
    token,
    state,
    requestCount: () => requests,
    recentRequests: () => [...recent],
    phone: {
      waiting: (email) => waitingPushes(state, email, now()),
      answer: (transactionId, answer) => answerPush(state, transactionId, answer, now()),
    },
    resetCounters() {
      requests = 0;
      limiter.reset();
    },
    start(port = 0, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        const listening = createServer((request, response) => {
          try {
            handle(request, response);
          } catch (error) {
            answerInternalError(response, error);
          }
        });
        listening.once('error', reject);
        listening.listen(port, host, () => {
          server = listening;
          const { port: bound } = listening.address() as AddressInfo;
          base = `http://${host.includes(':') ? `[${host}]` : host}:${bound}`;
          resolve({ url: base });
        });
      });
    },
    stop() {
      return new Promise((resolve, reject) => {
        if (!server) return resolve();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
        server = undefined;
      });
    },
  };
}
