// /api/v1/groups...: list and search, get, members, and membership PUT/DELETE (204, no body; PUT of a
// member and DELETE of a non-member are 204 too and change nothing, as in Okta).
import { accessDenied, notFound } from './errors.js';
import { findUser, type OrgState } from './org-state.js';
import { paginate } from './pagination.js';
import { expressionFilter, prefixMatch } from './queries.js';
import { groupJson, userJson } from './render.js';
import type { Reply, Route, RouteContext } from './router.js';
import { groupTarget, userTarget } from './system-log.js';
import { oktaTime } from './format.js';
import type { GroupRecord } from './types.js';

function requireGroup(state: OrgState, groupId: string): GroupRecord {
  const group = state.groups.get(groupId);
  if (!group) throw notFound(groupId, 'UserGroup');
  return group;
}

/** q: name prefix, not paged (default limit 300); search/filter: expressions over the group JSON. */
function listGroups(context: RouteContext): Reply {
  const { query, base } = context;
  let groups = [...context.state.groups.values()];
  for (const parameter of ['search', 'filter'] as const) {
    const text = query.get(parameter);
    if (text === null) continue;
    const accepts = expressionFilter(`groups.${parameter}`, text);
    groups = groups.filter((group) => accepts(groupJson(group, base)));
  }
  const q = query.get('q');
  if (q !== null) groups = groups.filter((group) => prefixMatch(q, [group.name]));
  const pageable = q === null;
  const page = paginate(groups, context, { defaultLimit: pageable ? 10_000 : 300, maxLimit: 10_000, pageable });
  return { status: 200, body: page.items.map((group) => groupJson(group, base)), links: page.links };
}

function listMembers(context: RouteContext): Reply {
  const group = requireGroup(context.state, context.params.group!);
  const members = [...context.state.users.values()].filter((user) => context.state.memberships.get(group.id)!.has(user.id));
  const page = paginate(members, context, { defaultLimit: 1000, maxLimit: 1000, pageable: true });
  return { status: 200, body: page.items.map((user) => userJson(user, context.base, 'list')), links: page.links };
}

/** Only OKTA_GROUP memberships can be changed; Everyone (BUILT_IN) is managed by Okta itself. */
function changeMembership(action: 'add' | 'remove') {
  return (context: RouteContext): Reply => {
    const group = requireGroup(context.state, context.params.group!);
    const user = findUser(context.state, context.params.user!);
    if (!user) throw notFound(context.params.user!, 'User');
    if (group.type !== 'OKTA_GROUP') throw accessDenied();
    const members = context.state.memberships.get(group.id)!;
    const wasMember = members.has(user.id);
    if (action === 'add') members.add(user.id);
    else members.delete(user.id);
    if (wasMember !== (action === 'add')) {
      group.lastMembershipUpdated = oktaTime(context.now);
      context.record({
        eventType: `group.user_membership.${action}`,
        displayMessage: action === 'add' ? 'Add user to group membership' : 'Remove user from group membership',
        targets: [userTarget(user), groupTarget(group)],
      });
    }
    return { status: 204 };
  };
}

export const GROUP_ROUTES: Route[] = [
  { method: 'GET', pattern: '/api/v1/groups', handle: listGroups },
  {
    method: 'GET',
    pattern: '/api/v1/groups/:group',
    handle: (context) => ({ status: 200, body: groupJson(requireGroup(context.state, context.params.group!), context.base) }),
  },
  { method: 'GET', pattern: '/api/v1/groups/:group/users', handle: listMembers },
  { method: 'PUT', pattern: '/api/v1/groups/:group/users/:user', handle: changeMembership('add') },
  { method: 'DELETE', pattern: '/api/v1/groups/:group/users/:user', handle: changeMembership('remove') },
];
