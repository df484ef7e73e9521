// /api/v1/users...: list and search, get by id or login, the user's groups and factors, lifecycle
// operations and session revocation.
import { notFound } from './errors.js';
import { LIFECYCLE_OPERATIONS, runLifecycle, type LifecycleOperation } from './lifecycle.js';
import { findUser, revokeSessions, tokenOwner, userGroups } from './org-state.js';
import { paginate } from './pagination.js';
import { expressionFilter, prefixMatch } from './queries.js';
import { factorJson, groupJson, userJson } from './render.js';
import type { Reply, Route, RouteContext } from './router.js';
import { userTarget } from './system-log.js';
import { oktaTime } from './format.js';
import type { UserRecord } from './types.js';

/** `me` is the token's owner: an SSWS token acts as the admin who created it, here the first IT admin. */
export function requireUser(context: RouteContext): UserRecord {
  const user = context.params.user === 'me' ? tokenOwner(context.state) : findUser(context.state, context.params.user!);
  if (!user) throw notFound(context.params.user!, 'User');
  return user;
}

/**
 * No parameters: everyone but DEPROVISIONED. search/filter: all statuses, paged.
 * q: prefix on first name, last name, email and login, never DEPROVISIONED, not paged, limit 10.
 */
function listUsers(context: RouteContext): Reply {
  const { query, base } = context;
  let users = [...context.state.users.values()];
  const search = query.get('search');
  const filter = query.get('filter');
  const q = query.get('q');
  if (search !== null) {
    const accepts = expressionFilter('users.search', search);
    users = users.filter((user) => accepts(userJson(user, base, 'list')));
  }
  if (filter !== null) {
    const accepts = expressionFilter('users.filter', filter);
    users = users.filter((user) => accepts(userJson(user, base, 'list')));
  }
  if (q !== null) {
    users = users.filter((user) => {
      const { firstName, lastName, email, login } = user.profile;
      return user.status !== 'DEPROVISIONED' && prefixMatch(q, [firstName, lastName, email, login]);
    });
  }
  if (search === null && filter === null) users = users.filter((user) => user.status !== 'DEPROVISIONED');
  const pageable = q === null;
  const page = paginate(users, context, { defaultLimit: pageable ? 200 : 10, maxLimit: 200, pageable });
  return { status: 200, body: page.items.map((user) => userJson(user, base, 'list')), links: page.links };
}

function lifecycle(context: RouteContext): Reply {
  const operation = context.params.operation!;
  if (!(LIFECYCLE_OPERATIONS as readonly string[]).includes(operation)) throw notFound(context.path, 'Resource');
  const user = requireUser(context);
  return { status: 200, body: runLifecycle(operation as LifecycleOperation, user, context) };
}

function revokeUserSessions(context: RouteContext): Reply {
  const user = requireUser(context);
  revokeSessions(context.state, user.id, oktaTime(context.now));
  context.record({ eventType: 'user.session.clear', displayMessage: 'Clear user session', targets: [userTarget(user)] });
  return { status: 204 };
}

export const USER_ROUTES: Route[] = [
  { method: 'GET', pattern: '/api/v1/users', handle: listUsers },
  {
    method: 'GET',
    pattern: '/api/v1/users/:user',
    handle: (context) => ({ status: 200, body: userJson(requireUser(context), context.base, 'full') }),
  },
  {
    method: 'GET',
    pattern: '/api/v1/users/:user/groups',
    handle: (context) => {
      const groups = userGroups(context.state, requireUser(context).id);
      const page = paginate(groups, context, { defaultLimit: 200, maxLimit: 200, pageable: true });
      return { status: 200, body: page.items.map((group) => groupJson(group, context.base)), links: page.links };
    },
  },
  {
    method: 'GET',
    pattern: '/api/v1/users/:user/factors',
    handle: (context) => {
      const user = requireUser(context);
      const factors = context.state.factors.get(user.id) ?? [];
      return { status: 200, body: factors.map((factor) => factorJson(factor, user.id, context.base)) };
    },
  },
  { method: 'POST', pattern: '/api/v1/users/:user/lifecycle/:operation', handle: lifecycle },
  { method: 'DELETE', pattern: '/api/v1/users/:user/sessions', handle: revokeUserSessions },
];
