// Test helpers for Okta: replay the real payloads in tests/fixtures/okta through msw, record every
// request that was sent, and build users with fixed ids seeded from a recorded user.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { http, HttpResponse, type HttpHandler } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';

export const ORG_URL = 'https://test.okta.com';
export const TOKEN = '00aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789abcd';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'okta');

export type OktaFixture = {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  request?: { method: string; path: string; query?: Record<string, string> };
};

/** A fixture file under tests/fixtures/okta, e.g. `fixture('errors/E0000007.spec-example.json')`. */
export function fixture(name: string): OktaFixture {
  return JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as OktaFixture;
}

/** The fixture's recorded status, headers and body as an msw response (headers may be overridden). */
export function replay(f: OktaFixture, headers: Record<string, string> = {}): HttpResponse<string | null> {
  const all = { ...f.headers, ...headers };
  const body = f.body === null || f.status === 204 ? null : JSON.stringify(f.body);
  return new HttpResponse(body, { status: f.status, headers: all });
}

export type SentRequest = {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization: string | null;
  dpop: string | null;
  body: string;
};

/** Collects what the SDK sent, in order. */
export function createRecorder() {
  const sent: SentRequest[] = [];
  return {
    sent,
    async record(request: Request): Promise<void> {
      const url = new URL(request.url);
      sent.push({
        method: request.method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        authorization: request.headers.get('authorization'),
        dpop: request.headers.get('dpop'),
        body: await request.clone().text(),
      });
    },
  };
}

export type Recorder = ReturnType<typeof createRecorder>;
type Method = 'get' | 'post' | 'put' | 'delete';
type Respond = (request: Request, call: number) => Response | Promise<Response>;

/** An msw handler on the test org that records each request, then answers (`call` counts from 0). */
export function okta(recorder: Recorder, method: Method, path: string, respond: Respond | OktaFixture): HttpHandler {
  let call = 0;
  return http[method](`${ORG_URL}${path}`, async ({ request }) => {
    await recorder.record(request);
    return typeof respond === 'function' ? respond(request, call++) : replay(respond);
  });
}

export const SSWS = `SSWS ${TOKEN}`;

type UserOverrides = {
  id?: string;
  status?: string;
  profile?: Record<string, unknown>;
};

/** A user body as Okta sends it, from the recorded ACTIVE user, with fixed ids. */
export function oktaUser({ id = '00uqrks9ig7XuWV7X5d7', status = 'ACTIVE', profile = {} }: UserOverrides = {}) {
  const base = fixture('get-user.active.recorded.json').body as Record<string, unknown> & { profile: Record<string, unknown> };
  return { ...base, id, status, profile: { ...base.profile, ...profile } };
}

/** JSON with the headers a real Okta answer carries (Content-Type, a request id). */
export function oktaJson(body: unknown, { status = 200, requestId = 'req-test-1', headers = {} as Record<string, string> } = {}) {
  return HttpResponse.json(body as never, {
    status,
    headers: { 'x-okta-request-id': requestId, Date: new Date().toUTCString(), ...headers },
  });
}

/** msw for one test file: unhandled requests fail, handlers and the recorder reset after each test. */
export function useMockOkta() {
  const server = setupServer();
  const recorder = createRecorder();
  beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
  afterEach(() => {
    server.resetHandlers();
    recorder.sent.length = 0;
  });
  afterAll(() => server.close());
  return { server, recorder };
}
