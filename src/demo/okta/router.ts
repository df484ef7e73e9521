// Route table plumbing for the demo org: what a handler receives and returns, and path matching
// with `:name` segments (decoded, so a login such as jane%40acme.example works in place of an id).
import type { OrgState } from './org-state.js';
import type { Change } from './system-log.js';

/** A JSON answer, or no body when `body` is absent (204). `links` become Link headers. */
export type Reply = { status: number; body?: unknown; links?: string[] };

export type RouteContext = {
  state: OrgState;
  /** Absolute org URL without a trailing slash, e.g. http://127.0.0.1:4112. */
  base: string;
  path: string;
  query: URLSearchParams;
  params: Record<string, string>;
  now: Date;
  /** The parsed JSON request body; undefined when there was none. */
  body: unknown;
  /** Appends a System Log event for a change made by this request. */
  record: (change: Change) => void;
};

export type Route = {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  pattern: string;
  handle: (context: RouteContext) => Reply;
};

function matchPattern(pattern: string, path: string): Record<string, string> | undefined {
  const expected = pattern.split('/');
  const actual = path.split('/');
  if (expected.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, segment] of expected.entries()) {
    const value = actual[index]!;
    if (segment.startsWith(':')) {
      if (value === '') return undefined;
      try {
        params[segment.slice(1)] = decodeURIComponent(value);
      } catch {
        return undefined;
      }
    } else if (segment !== value) {
      return undefined;
    }
  }
  return params;
}

export type RouteMatch = { route: Route; params: Record<string, string> } | 'wrong-method' | 'no-route';

export function matchRoute(routes: Route[], method: string, path: string): RouteMatch {
  let pathKnown = false;
  for (const route of routes) {
    const params = matchPattern(route.pattern, path);
    if (!params) continue;
    if (route.method === method) return { route, params };
    pathKnown = true;
  }
  return pathKnown ? 'wrong-method' : 'no-route';
}
