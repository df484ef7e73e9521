// The demo org's data in memory: users, groups, memberships, factors, sessions, System Log and
// outstanding reset tokens, built from a seed with stable ids so restarts keep the same ids.
import { oktaTime, stableId } from './format.js';
import { historyEvent } from './system-log.js';
import type {
  AppRecord,
  DemoPerson,
  DemoSeed,
  FactorKind,
  FactorRecord,
  GroupRecord,
  LogEvent,
  PushTransactionRecord,
  SessionRecord,
  UserRecord,
} from './types.js';

export type OrgState = {
  users: Map<string, UserRecord>;
  groups: Map<string, GroupRecord>;
  apps: Map<string, AppRecord>;
  /** group id -> member user ids (the built-in Everyone group holds every user). */
  memberships: Map<string, Set<string>>;
  factors: Map<string, FactorRecord[]>;
  sessions: SessionRecord[];
  logs: LogEvent[];
  /** reset_password token -> user id; the local reset page reads it. */
  resetTokens: Map<string, string>;
  /** Okta Verify pushes sent by the verify endpoint, by transaction id. */
  pushes: Map<string, PushTransactionRecord>;
};

const DAY_MS = 24 * 60 * 60 * 1000;

export function findUser(state: OrgState, idOrLogin: string): UserRecord | undefined {
  const byId = state.users.get(idOrLogin);
  if (byId) return byId;
  const login = idOrLogin.toLowerCase();
  return [...state.users.values()].find((user) => user.profile.login.toLowerCase() === login);
}

export function tokenOwner(state: OrgState): UserRecord | undefined {
  const admins = [...state.groups.values()].find((group) => group.name === 'IT-Admins');
  const [ownerId] = admins ? [...(state.memberships.get(admins.id) ?? [])] : [];
  return ownerId === undefined ? undefined : state.users.get(ownerId);
}

export function userGroups(state: OrgState, userId: string): GroupRecord[] {
  return [...state.groups.values()].filter((group) => state.memberships.get(group.id)?.has(userId));
}

function factorRecord(kind: FactorKind, person: DemoPerson, created: string): FactorRecord {
  const id = (prefix: string) => stableId(prefix, `${person.email}/${kind}`);
  const base = { status: 'ACTIVE' as const, created, lastUpdated: created };
  switch (kind) {
    case 'push':
      return {
        ...base, id: id('opf'), factorType: 'push', provider: 'OKTA', vendorName: 'OKTA',
        profile: { credentialId: person.email, deviceType: 'SmartPhone_IPhone', name: 'iPhone', platform: 'IOS', version: '17.5' },
      };
    case 'totp':
      return {
        ...base, id: id('uft'), factorType: 'token:software:totp', provider: 'GOOGLE', vendorName: 'GOOGLE',
        profile: { credentialId: person.email },
      };
    case 'sms':
      return {
        ...base, id: id('mbl'), factorType: 'sms', provider: 'OKTA', vendorName: 'OKTA',
        profile: { phoneNumber: person.mobilePhone ?? '+1-555-0100' },
      };
  }
}

function userRecord(person: DemoPerson, index: number, now: Date): UserRecord {
  const at = (daysAgo: number) => oktaTime(new Date(now.getTime() - daysAgo * DAY_MS));
  const created = at(400 - index * 20);
  const staged = person.status === 'STAGED';
  return {
    id: stableId('00u', person.email),
    status: person.status,
    created,
    activated: staged ? null : at(399 - index * 20),
    statusChanged: staged ? null : at(index + 1),
    lastLogin: staged || person.status === 'DEPROVISIONED' ? null : at(person.lastSignInDaysAgo ?? 1 + (index % 3)),
    lastUpdated: at(index + 1),
    passwordChanged: staged ? null : at(90 + index),
    profile: {
      firstName: person.firstName,
      lastName: person.lastName,
      mobilePhone: person.mobilePhone,
      secondEmail: null,
      login: person.email,
      email: person.email,
      displayName: `${person.firstName} ${person.lastName}`,
      title: person.title,
      department: person.department,
      employeeType: person.employeeType,
    },
  };
}

export function createOrgState(seed: DemoSeed, now: Date): OrgState {
  const founded = oktaTime(new Date(now.getTime() - 500 * DAY_MS));
  const state: OrgState = {
    users: new Map(), groups: new Map(), apps: new Map(), memberships: new Map(), factors: new Map(),
    sessions: [], logs: [], resetTokens: new Map(), pushes: new Map(),
  };
  const everyone: GroupRecord = {
    id: stableId('00g', `${seed.domain}/Everyone`), type: 'BUILT_IN', created: founded, lastUpdated: founded,
    lastMembershipUpdated: founded, name: 'Everyone', description: 'All users in your organization',
  };
  const seeded = seed.groups.map((group): GroupRecord => ({
    ...everyone, id: stableId('00g', `${seed.domain}/${group.name}`), type: 'OKTA_GROUP', ...group,
  }));
  for (const group of [everyone, ...seeded]) {
    state.groups.set(group.id, group);
    state.memberships.set(group.id, new Set());
  }
  const groupIdByName = new Map([...state.groups.values()].map((group) => [group.name, group.id]));
  seed.people.forEach((person, index) => {
    const user = userRecord(person, index, now);
    state.users.set(user.id, user);
    for (const name of ['Everyone', ...person.groups]) {
      const groupId = groupIdByName.get(name);
      if (!groupId) throw new Error(`Seed person ${person.email} names unknown group ${name}`);
      state.memberships.get(groupId)!.add(user.id);
    }
    state.factors.set(user.id, person.factors.map((kind) => factorRecord(kind, person, user.created)));
    if (person.status === 'ACTIVE') {
      state.sessions.push({ id: stableId('102', `${person.email}/session`), userId: user.id, created: user.lastLogin!, revoked: null });
    }
  });
  seedHistory(state, seed.history, now);
  seedApps(state, seed, founded, groupIdByName);
  return state;
}

function seedApps(state: OrgState, seed: DemoSeed, created: string, groupIdByName: Map<string, string>): void {
  for (const { name, label, signOnMode, status, groups, people } of seed.apps) {
    const groupIds = groups.map((group) => groupIdByName.get(group) ?? failSeed(`Seed app ${label} names unknown group ${group}`));
    const userIds = people.map((email) => findUser(state, email)?.id ?? failSeed(`Seed app ${label} names unknown person ${email}`));
    const id = stableId('0oa', `${seed.domain}/app/${name}`);
    state.apps.set(id, { id, name, label, signOnMode, status, created, lastUpdated: created, groupIds, userIds });
  }
}

function failSeed(message: string): never {
  throw new Error(message);
}

/** The System Log's seeded past, oldest first; status-changing events also date the user's statusChanged. */
function seedHistory(state: OrgState, history: DemoSeed['history'], now: Date): void {
  const find = (email: string) => {
    const user = findUser(state, email);
    if (!user) throw new Error(`Seed history names unknown person ${email}`);
    return user;
  };
  for (const entry of [...history].sort((a, b) => b.minutesAgo - a.minutesAgo)) {
    const published = new Date(now.getTime() - entry.minutesAgo * 60_000);
    state.logs.push(historyEvent(entry, find, published));
    if (entry.changesStatus) find(entry.email).statusChanged = oktaTime(published);
  }
}

/** Ends every open session of the user. */
export function revokeSessions(state: OrgState, userId: string, at: string): void {
  for (const session of state.sessions) if (session.userId === userId && session.revoked === null) session.revoked = at;
}

/** Invalidates the user's outstanding reset-password links. */
export function forgetResetTokens(state: OrgState, userId: string): void {
  for (const [token, owner] of state.resetTokens) if (owner === userId) state.resetTokens.delete(token);
}
