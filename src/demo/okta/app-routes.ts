// /api/v1/apps... and /api/v1/users/{id}/appLinks: the app integrations, the groups assigned to each,
// and the dashboard links a person gets from them, in Okta's shapes (Application, ApplicationGroupAssignment
// with ?expand=group, AppLink). Who has an app is computed from the current memberships, so adding
// someone to a group gives them its apps at once, as in Okta.
import { notFound } from './errors.js';
import { stableId } from './format.js';
import type { OrgState } from './org-state.js';
import { paginate } from './pagination.js';
import { prefixMatch } from './queries.js';
import { groupJson } from './render.js';
import type { Reply, Route, RouteContext } from './router.js';
import type { AppRecord, UserRecord } from './types.js';
import { requireUser } from './user-routes.js';

/** Okta pages apps and app groups 20 at a time by default, at most 200. */
const APP_PAGE = { defaultLimit: 20, maxLimit: 200, pageable: true };

function requireApp(state: OrgState, appId: string): AppRecord {
  const app = state.apps.get(appId);
  if (!app) throw notFound(appId, 'AppInstance');
  return app;
}

/** Direct assignment, or membership of an assigned group. */
function isAssigned(state: OrgState, app: AppRecord, user: UserRecord): boolean {
  return app.userIds.includes(user.id) || app.groupIds.some((groupId) => state.memberships.get(groupId)?.has(user.id));
}

function appJson(app: AppRecord, base: string): Record<string, unknown> {
  const self = `${base}/api/v1/apps/${app.id}`;
  return {
    id: app.id,
    name: app.name,
    label: app.label,
    status: app.status,
    lastUpdated: app.lastUpdated,
    created: app.created,
    accessibility: { selfService: false, errorRedirectUrl: null, loginRedirectUrl: null },
    visibility: { autoSubmitToolbar: false, hide: { iOS: false, web: false }, appLinks: { login: true } },
    features: [],
    signOnMode: app.signOnMode,
    credentials: { userNameTemplate: { template: '${source.login}', type: 'BUILT_IN' }, signing: {} },
    settings: { app: {}, notifications: { vpn: { network: { connection: 'DISABLED' }, message: null, helpUrl: null } } },
    _links: {
      appLinks: [{ name: 'login', href: `${base}/home/${app.name}/${app.id}/login`, type: 'text/html' }],
      groups: { href: `${self}/groups` },
      users: { href: `${self}/users` },
      deactivate: { href: `${self}/lifecycle/deactivate` },
    },
  };
}

function appLinkJson(app: AppRecord, user: UserRecord, sortOrder: number, base: string): Record<string, unknown> {
  return {
    id: stableId('00u', `${app.id}/${user.id}/link`),
    label: app.label,
    linkUrl: `${base}/home/${app.name}/${app.id}/login`,
    logoUrl: `${base}/assets/img/logos/${app.name}.png`,
    appName: app.name,
    appInstanceId: app.id,
    appAssignmentId: stableId('0ua', `${app.id}/${user.id}`),
    credentialsSetup: false,
    hidden: false,
    sortOrder,
  };
}

/** q: "starts with" on the app's name or label; apps are listed whatever their status, as in Okta. */
function listApps(context: RouteContext): Reply {
  const q = context.query.get('q');
  const apps = [...context.state.apps.values()].filter((app) => q === null || prefixMatch(q, [app.name, app.label]));
  const page = paginate(apps, context, APP_PAGE);
  return { status: 200, body: page.items.map((app) => appJson(app, context.base)), links: page.links };
}

/** ?expand=group embeds each assigned group in `_embedded.group`. */
function listAppGroups(context: RouteContext): Reply {
  const app = requireApp(context.state, context.params.app!);
  const embed = context.query.get('expand') === 'group';
  const groups = app.groupIds.map((groupId) => context.state.groups.get(groupId)!);
  const page = paginate(groups, context, APP_PAGE);
  const body = page.items.map((group) => ({
    id: group.id,
    lastUpdated: app.lastUpdated,
    priority: app.groupIds.indexOf(group.id),
    profile: {},
    _links: {
      app: { href: `${context.base}/api/v1/apps/${app.id}` },
      self: { href: `${context.base}/api/v1/apps/${app.id}/groups/${group.id}` },
      group: { href: `${context.base}/api/v1/groups/${group.id}` },
    },
    ...(embed ? { _embedded: { group: groupJson(group, context.base) } } : {}),
  }));
  return { status: 200, body, links: page.links };
}

/** Only active apps appear on a dashboard. Not paged, like Okta's appLinks. */
function listAppLinks(context: RouteContext): Reply {
  const user = requireUser(context);
  const apps = [...context.state.apps.values()].filter((app) => app.status === 'ACTIVE' && isAssigned(context.state, app, user));
  return { status: 200, body: apps.map((app, index) => appLinkJson(app, user, index, context.base)) };
}

export const APP_ROUTES: Route[] = [
  { method: 'GET', pattern: '/api/v1/users/:user/appLinks', handle: listAppLinks },
  { method: 'GET', pattern: '/api/v1/apps', handle: listApps },
  { method: 'GET', pattern: '/api/v1/apps/:app/groups', handle: listAppGroups },
];
