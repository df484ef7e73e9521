// GET /api/v1/logs: bounded queries (with `until`) page to the end; polling queries (no `until`)
// always carry a rel="next" link, as Okta's do, so a client that omits `until` polls forever.
import { validationFailed } from './errors.js';
import { paginate } from './pagination.js';
import { expressionFilter } from './queries.js';
import type { Reply, Route, RouteContext } from './router.js';
import { queryLogs } from './system-log.js';

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

function timeParam(context: RouteContext, name: 'since' | 'until'): Date | undefined {
  const text = context.query.get(name);
  if (text === null) return undefined;
  const time = Date.parse(text);
  if (Number.isNaN(time)) throw validationFailed(name, `${name} must be an ISO 8601 timestamp`);
  return new Date(time);
}

function listLogs(context: RouteContext): Reply {
  const { query } = context;
  const polling = !query.has('until');
  const until = timeParam(context, 'until') ?? context.now;
  const since = timeParam(context, 'since') ?? new Date(until.getTime() - WEEK_MS);
  const filter = query.get('filter');
  const accepts = filter === null ? () => true : expressionFilter('logs.filter', filter);
  const events = queryLogs(context.state.logs, {
    since,
    until,
    accepts,
    descending: query.get('sortOrder') === 'DESCENDING',
  }).map((event) => ({ id: event.uuid, event }));
  const page = paginate(events, context, { defaultLimit: 100, maxLimit: 1000, pageable: true });
  const links = page.links;
  if (polling && links.length === 1) {
    const params = new URLSearchParams(query);
    const last = page.items.at(-1);
    if (last) params.set('after', last.id);
    links.push(`<${context.base}${context.path}?${params}>; rel="next"`);
  }
  return { status: 200, body: page.items.map((item) => item.event), links };
}

export const LOG_ROUTES: Route[] = [{ method: 'GET', pattern: '/api/v1/logs', handle: listLogs }];
