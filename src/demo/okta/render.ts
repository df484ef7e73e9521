// Okta's JSON for users, groups and factors, copied in shape (and key order) from the recordings
// get-user.*.recorded.json, list-user-groups.recorded.json and list-factors.*.json. Links are absolute.
import { stableId } from './format.js';
import type { FactorRecord, GroupRecord, UserRecord, UserStatus } from './types.js';

const USER_TYPE_ID = stableId('oty', 'demo-user-type');
const USER_SCHEMA_ID = stableId('osc', 'demo-user-schema');

type Link = { href: string; method?: 'POST' };

/** Lifecycle links present per status, as in the recordings: no unlock unless LOCKED_OUT, and so on. */
const LIFECYCLE_LINKS: Record<UserStatus, string[]> = {
  ACTIVE: ['suspend', 'resetPassword', 'forgotPassword', 'expirePassword', 'changeRecoveryQuestion', 'resetFactors', 'changePassword', 'deactivate'],
  LOCKED_OUT: ['unlock', 'resetPassword', 'expirePassword', 'resetFactors', 'deactivate'],
  SUSPENDED: ['unsuspend', 'resetFactors', 'deactivate'],
  RECOVERY: ['resetPassword', 'expirePassword', 'resetFactors', 'deactivate'],
  PASSWORD_EXPIRED: ['resetPassword', 'expirePassword', 'resetFactors', 'deactivate'],
  PROVISIONED: ['reactivate', 'deactivate'],
  STAGED: ['activate'],
  DEPROVISIONED: ['activate'],
};

const LINK_PATHS: Record<string, string> = {
  suspend: 'lifecycle/suspend',
  unsuspend: 'lifecycle/unsuspend',
  unlock: 'lifecycle/unlock',
  activate: 'lifecycle/activate',
  reactivate: 'lifecycle/reactivate',
  deactivate: 'lifecycle/deactivate',
  resetPassword: 'lifecycle/reset_password',
  expirePassword: 'lifecycle/expire_password',
  resetFactors: 'lifecycle/reset_factors',
  forgotPassword: 'credentials/forgot_password',
  changePassword: 'credentials/change_password',
  changeRecoveryQuestion: 'credentials/change_recovery_question',
};

function userLinks(user: UserRecord, base: string): Record<string, Link> {
  const self = `${base}/api/v1/users/${user.id}`;
  const links: Record<string, Link> = {
    schema: { href: `${base}/api/v1/meta/schemas/user/${USER_SCHEMA_ID}` },
    self: { href: self },
    type: { href: `${base}/api/v1/meta/types/user/${USER_TYPE_ID}` },
  };
  for (const name of LIFECYCLE_LINKS[user.status]) links[name] = { href: `${self}/${LINK_PATHS[name]}`, method: 'POST' };
  return links;
}

/** `detail: 'full'` for GET /users/{id}; list endpoints carry only the self link, like the recordings. */
export function userJson(user: UserRecord, base: string, detail: 'full' | 'list'): Record<string, unknown> {
  return {
    id: user.id,
    status: user.status,
    created: user.created,
    activated: user.activated,
    statusChanged: user.statusChanged,
    lastLogin: user.lastLogin,
    lastUpdated: user.lastUpdated,
    passwordChanged: user.passwordChanged,
    type: { id: USER_TYPE_ID },
    profile: { ...user.profile },
    credentials: {
      password: {},
      emails: [{ value: user.profile.email, status: 'VERIFIED', type: 'PRIMARY' }],
      provider: { type: 'OKTA', name: 'OKTA' },
    },
    _links: detail === 'full' ? userLinks(user, base) : { self: { href: `${base}/api/v1/users/${user.id}` } },
  };
}

const GROUP_LOGOS = [
  { name: 'medium', href: 'https://ok12static.oktacdn.com/assets/img/logos/groups/odyssey/okta-medium.30ce6d4085dff29412984e4c191bc874.png', type: 'image/png' },
  { name: 'large', href: 'https://ok12static.oktacdn.com/assets/img/logos/groups/odyssey/okta-large.c3cb8cda8ae0add1b4fe928f5844dbe3.png', type: 'image/png' },
];

export function groupJson(group: GroupRecord, base: string): Record<string, unknown> {
  return {
    id: group.id,
    created: group.created,
    lastUpdated: group.lastUpdated,
    lastMembershipUpdated: group.lastMembershipUpdated,
    objectClass: ['okta:user_group'],
    type: group.type,
    profile: { name: group.name, description: group.description },
    _links: {
      logo: GROUP_LOGOS,
      users: { href: `${base}/api/v1/groups/${group.id}/users` },
      apps: { href: `${base}/api/v1/groups/${group.id}/apps` },
    },
  };
}

export function factorJson(factor: FactorRecord, userId: string, base: string): Record<string, unknown> {
  const user = `${base}/api/v1/users/${userId}`;
  const self = `${user}/factors/${factor.id}`;
  return {
    id: factor.id,
    factorType: factor.factorType,
    provider: factor.provider,
    vendorName: factor.vendorName,
    status: factor.status,
    created: factor.created,
    lastUpdated: factor.lastUpdated,
    profile: { ...factor.profile },
    _links: {
      verify: { href: `${self}/verify`, hints: { allow: ['POST'] } },
      self: { href: self, hints: { allow: ['GET', 'DELETE'] } },
      user: { href: user, hints: { allow: ['GET'] } },
    },
  };
}
