// The Okta calls behind an answer: every HTTP request the SDK sends while a piece of work (a Slack
// turn, a card click) runs is recorded for it as a plain OktaCall, with secrets taken out of the
// path. The recorder travels with the work as AsyncLocalStorage, so the client stays one shared
// object and no directory method or tool needs a recorder parameter; work run outside
// recordOktaCalls (startup checks, Studio) records nothing.
import { AsyncLocalStorage } from 'node:async_hooks';

/** One request to Okta, as it may be shown to people and kept in the audit log. */
export type OktaCall = {
  method: string;
  /** Path and query with secrets replaced by "…" (see sourcePath); never the host. */
  path: string;
  /** When Okta answered, or the call failed (ISO 8601). */
  at: string;
  /** HTTP status; null when no answer came (network error, timeout). */
  status: number | null;
  /** Okta's X-Okta-Request-Id: the key to the call in Okta's System Log. */
  requestId: string | null;
};

/** The calls of one piece of work; nested work also adds to the enclosing one's list. */
type Recording = { calls: OktaCall[]; outer?: Recording };

const current = new AsyncLocalStorage<Recording>();

/** Runs `work` and returns, with its result, the Okta calls it made (in the order Okta answered). */
export async function recordOktaCalls<T>(work: () => Promise<T>): Promise<{ result: T; calls: OktaCall[] }> {
  const recording: Recording = { calls: [], outer: current.getStore() };
  const result = await current.run(recording, work);
  return { result, calls: recording.calls };
}

/** The calls the current work has made so far (a copy); empty outside recordOktaCalls. */
export function oktaCallsSoFar(): OktaCall[] {
  return [...(current.getStore()?.calls ?? [])];
}

/** Called by the request executor for each HTTP attempt (a 429 retry is a call of its own). */
export function noteOktaCall(request: { method?: string; url?: string }, answer: { status: number; requestId: string | null } | null): void {
  let recording = current.getStore();
  if (!recording) return;
  const url = new URL(request.url ?? '', 'http://unknown');
  if (TOKEN_ENDPOINT.test(url.pathname)) return;
  const call: OktaCall = {
    method: (request.method ?? 'GET').toUpperCase(),
    path: sourcePath(url),
    at: new Date().toISOString(),
    status: answer?.status ?? null,
    requestId: answer?.requestId || null,
  };
  for (; recording; recording = recording.outer) recording.calls.push(call);
}

/** The OAuth 2.0 token endpoint (org or custom authorization server): how we sign in, not a source. */
const TOKEN_ENDPOINT = /^\/oauth2\/(?:[^/]+\/)?v1\/token$/;

/**
 * Query parameters of Okta's management API that hold what was asked (filters, paging, options),
 * never a credential; every other parameter's value (a token, a session or state token, a cursor,
 * anything new) is replaced by "…".
 */
const SHOWN_PARAMETERS = new Set(['q', 'search', 'filter', 'limit', 'since', 'until', 'sortOrder', 'sortBy', 'expand', 'sendEmail', 'activate', 'provider', 'nextLogin', 'oauthTokens', 'revokeSessions']);
/** Path segments after which Okta puts a credential or a session handle (sessions/{id}, reset_password/{token}, ...). */
const SECRET_FOLLOWS = new Set(['sessions', 'tokens', 'reset_password', 'reset-password']);

/** The path and query of `url` as safe to show: secret path segments and unknown parameters' values become "…". */
export function sourcePath(url: URL): string {
  const segments = url.pathname.split('/');
  const path = segments.map((segment, i) => (segment !== '' && SECRET_FOLLOWS.has((segments[i - 1] ?? '').toLowerCase()) ? '…' : segment)).join('/');
  const query = [...url.searchParams].map(([key, value]) => `${encodeURIComponent(key)}=${SHOWN_PARAMETERS.has(key) ? encodeURIComponent(value) : '…'}`);
  return query.length > 0 ? `${path}?${query.join('&')}` : path;
}
