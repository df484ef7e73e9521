// The directory operations the tools use: typed results, coded OktaErrors, request ids on writes.
import type { Client, Group } from '@okta/okta-sdk-nodejs';
import { OktaError, toOktaError, type ErrorHint } from './errors.js';
import { toDirectoryApp, toDirectoryAppLink, toDirectoryFactor, toDirectoryGroup, toDirectoryLogEvent, toDirectoryUser, toPushChallenge, toPushResult } from './map.js';
import { collect, withRequestId, type WriteApis } from './sdk.js';
import { recordOktaCalls } from './calls.js';
import type { Directory, DirectoryGroup, DirectoryUser, LogEventSelector, UserQuery } from './types.js';

/** Most items read from one list call: a huge org must not hold a request open. */
export const LIST_CAP = 200;
/** Group memberships read to answer isMember; beyond this the answer would be a guess. */
export const MEMBERSHIP_CAP = 1000;
/** A person's app links read to answer "do they have this app?"; beyond this the answer would be a guess. */
export const APP_LINKS_CAP = 1000;
const EMAIL_MATCHES = 10;
/** Most System Log events read for one person: the newest ones explain their trouble. */
export const LOG_CAP = 100;

export function createDirectory(client: Client): Directory {
  const { userApi, groupApi, userFactorApi, systemLogApi, applicationApi } = client;

  async function findGroupsByName(name: string): Promise<DirectoryGroup[]> {
    const q = required(name.trim(), 'group name');
    const groups = (await read(() => collect(groupApi.listGroups({ q, limit: LIST_CAP }), LIST_CAP))).map(toDirectoryGroup);
    return [...groups.filter((g) => sameText(g.name, q)), ...groups.filter((g) => !sameText(g.name, q))];
  }

  /** A query's group (null: no group by that name, nothing else read) and the users to filter: one more than LIST_CAP, to know whether Okta has more. */
  async function readQueryCandidates(query: UserQuery): Promise<{ group?: DirectoryGroup | null; candidates: DirectoryUser[] }> {
    const group = query.groupName === undefined ? undefined : await findGroup(query.groupName);
    if (group === null) return { group, candidates: [] };
    const search = userSearch(query);
    const list = group ? groupApi.listGroupUsers({ groupId: group.id, limit: LIST_CAP }) : userApi.listUsers({ ...(search ? { search } : {}), limit: LIST_CAP });
    return { group, candidates: (await read(() => collect(list, LIST_CAP + 1))).map(toDirectoryUser) };
  }

  async function findGroup(name: string): Promise<DirectoryGroup | null> {
    const [first] = await findGroupsByName(name);
    return first && sameText(first.name, name.trim()) ? first : null;
  }

  return {
    async findUserByEmail(email) {
      const search = `profile.email eq "${escapeSearchValue(required(email, 'email'))}"`;
      const users = await read(() => collect(userApi.listUsers({ search, limit: EMAIL_MATCHES }), EMAIL_MATCHES));
      const matches = users.map(toDirectoryUser).filter((u) => sameText(u.email, email));
      if (matches.length <= 1) return matches[0] ?? null;
      const byLogin = matches.filter((u) => sameText(u.login, email));
      if (byLogin.length === 1) return byLogin[0] ?? null;
      throw new OktaError('okta_bad_request', `${matches.length} Okta users share this email address; use their login instead`);
    },

    async searchUsers(query, limit = 10) {
      const q = required(query.trim(), 'search query');
      const max = Math.min(Math.max(Math.trunc(limit), 1), LIST_CAP);
      const users = await read(() => collect(userApi.listUsers({ q, limit: max }), max));
      return users.map(toDirectoryUser);
    },

    async findUsersByName(name, limit = 10) {
      const max = Math.min(Math.max(Math.trunc(limit), 1), LIST_CAP);
      const search = nameSearch(required(name.trim(), 'name').split(/\s+/));
      const users = await read(() => collect(userApi.listUsers({ search, limit: max }), max));
      return users.map(toDirectoryUser);
    },

    async getUser(idOrLogin) {
      const userId = required(idOrLogin, 'user id or login');
      try {
        return toDirectoryUser(await userApi.getUser({ userId }));
      } catch (err) {
        const e = toOktaError(err);
        if (e.code === 'okta_not_found') return null;
        throw e;
      }
    },

    async listUserGroups(userId) {
      const groups = await read(() => collect(userApi.listUserGroups({ userId: required(userId, 'user id') }), LIST_CAP));
      return groups.map(toDirectoryGroup);
    },

    findGroupsByName,

    findGroup,

    async listGroupMembers(groupId) {
      const users = await read(() => collect(groupApi.listGroupUsers({ groupId: required(groupId, 'group id'), limit: LIST_CAP }), LIST_CAP));
      return users.map(toDirectoryUser);
    },

    async isMember(userId, groupId) {
      required(groupId, 'group id');
      // Through the user's groups: a user has a handful, a group can have many thousands of users.
      const groups = await read(() => collect(userApi.listUserGroups({ userId: required(userId, 'user id') }), MEMBERSHIP_CAP + 1));
      if (groups.some((g) => g.id === groupId)) return true;
      if (groups.length > MEMBERSHIP_CAP) {
        throw new OktaError('okta_unavailable', `Membership could not be checked: the user is in more than ${MEMBERSHIP_CAP} groups`);
      }
      return false;
    },

    async addToGroup(userId, groupId) {
      const ids = { userId: required(userId, 'user id'), groupId: required(groupId, 'group id') };
      const { requestId } = await write(({ groups }) => groups.assignUserToGroup(ids));
      return { requestId };
    },

    async removeFromGroup(userId, groupId) {
      const ids = { userId: required(userId, 'user id'), groupId: required(groupId, 'group id') };
      const { requestId } = await write(({ groups }) => groups.unassignUserFromGroup(ids));
      return { requestId };
    },

    async createPasswordResetLink(userId) {
      const id = required(userId, 'user id');
      const { result, requestId } = await write(({ users }) => users.generateResetPasswordToken({ userId: id, sendEmail: false }), {
        lifecycle: true,
      });
      if (!result.resetPasswordUrl) throw new OktaError('okta_unavailable', 'Okta answered without a reset link', { requestId });
      return { resetPasswordUrl: result.resetPasswordUrl, requestId };
    },

    async lock(userId) {
      const id = required(userId, 'user id');
      const suspended = await write(({ users }) => users.suspendUser({ userId: id }), { lifecycle: true });
      try {
        const sessions = await write(({ users }) => users.revokeUserSessions({ userId: id }));
        return { suspendRequestId: suspended.requestId, sessionsRequestId: sessions.requestId };
      } catch (err) {
        const e = toOktaError(err);
        throw new OktaError(e.code, `The user was suspended, but ending their sessions failed: ${e.message}`, {
          oktaErrorCode: e.oktaErrorCode,
          requestId: e.requestId,
          status: e.status,
          cause: err,
          completedSteps: [{ step: 'suspend', requestId: suspended.requestId }],
        });
      }
    },

    async unlock(user) {
      const userId = required(user.id, 'user id');
      if (user.status === 'LOCKED_OUT') {
        const { requestId } = await write(({ users }) => users.unlockUser({ userId }), { lifecycle: true });
        return { via: 'unlock', requestId };
      }
      if (user.status === 'SUSPENDED') {
        const { requestId } = await write(({ users }) => users.unsuspendUser({ userId }), { lifecycle: true });
        return { via: 'unsuspend', requestId };
      }
      throw new OktaError('okta_wrong_state', `The account is ${user.status}, neither locked out nor suspended: nothing to unlock`);
    },

    async resetFactors(userId) {
      const id = required(userId, 'user id');
      const { requestId } = await write(({ users }) => users.resetFactors({ userId: id }), { lifecycle: true });
      return { requestId };
    },

    async listFactors(userId) {
      const factors = await read(() => collect(userFactorApi.listFactors({ userId: required(userId, 'user id') }), LIST_CAP));
      return factors.map(toDirectoryFactor);
    },

    async startPushVerification(userId, factorId) {
      const ids = { userId: required(userId, 'user id'), factorId: required(factorId, 'factor id') };
      // The body is what asks for number matching; a push without it shows no number.
      const { result, requestId } = await write(({ factors }) => factors.verifyFactor({ ...ids, body: { useNumberMatchingChallenge: true } }));
      return toPushChallenge(ids.factorId, result, requestId);
    },

    async pushVerificationResult(userId, factorId, transactionId) {
      const ids = { userId: required(userId, 'user id'), factorId: required(factorId, 'factor id'), transactionId: required(transactionId, 'transaction id') };
      return toPushResult(await read(() => userFactorApi.getFactorTransactionStatus(ids)));
    },

    async listUserLogEvents(userId, { since, until }, events, limit = LOG_CAP) {
      const id = escapeSearchValue(required(userId, 'user id'));
      if (events.length === 0) throw new OktaError('okta_bad_request', 'No System Log event types were given');
      const max = Math.min(Math.max(Math.trunc(limit), 1), LOG_CAP);
      const filter = `(actor.id eq "${id}" or target.id eq "${id}") and (${events.map(selectorFilter).join(' or ')})`;
      // `until` makes this a bounded query: without it Okta always links a next page and the iterator polls forever.
      const query = { since: required(since, 'since'), until: required(until, 'until'), filter, limit: max, sortOrder: 'DESCENDING' as const };
      const logEvents = await read(() => collect(systemLogApi.listLogEvents(query), max));
      return logEvents.map(toDirectoryLogEvent);
    },

    async queryUsers(query, limit) {
      const max = Math.min(Math.max(Math.trunc(limit), 1), LIST_CAP);
      const { result, calls } = await recordOktaCalls(() => readQueryCandidates(query));
      const { group, candidates } = result;
      if (group === null) return { users: [], matched: 0, complete: true, group, calls };
      const matching = candidates.slice(0, LIST_CAP).filter((user) => matchesQuery(user, query));
      return { users: matching.slice(0, max), matched: matching.length, complete: candidates.length <= LIST_CAP, group, calls };
    },

    async listAppLinks(userId) {
      // All or nothing: a cut list would turn "has the app" into "doesn't".
      const links = await read(() => collect(userApi.listAppLinks({ userId: required(userId, 'user id') }), APP_LINKS_CAP + 1));
      if (links.length > APP_LINKS_CAP) throw new OktaError('okta_unavailable', `App access could not be checked: the user has more than ${APP_LINKS_CAP} apps`);
      return links.map(toDirectoryAppLink);
    },

    async listApps(query) {
      const q = query === undefined ? undefined : required(query.trim(), 'app name');
      const apps = (await read(() => collect(applicationApi.listApplications({ q, limit: LIST_CAP }), LIST_CAP))).map(toDirectoryApp);
      return q === undefined ? apps : [...apps.filter((a) => sameText(a.label, q)), ...apps.filter((a) => !sameText(a.label, q))];
    },

    async listAppGroups(appId) {
      const id = required(appId, 'app id');
      // expand=group embeds each assigned group, so its name needs no second call.
      const assignments = await read(() => collect(applicationApi.listApplicationGroupAssignments({ appId: id, expand: 'group', limit: LIST_CAP }), LIST_CAP));
      return read(() =>
        Promise.all(
          assignments.map(async (assignment) => {
            const embedded = assignment._embedded?.group as Group | undefined;
            return toDirectoryGroup(embedded ?? (await groupApi.getGroup({ groupId: required(assignment.id ?? '', 'group id') })));
          }),
        ),
      );
    },
  };

  async function write<T>(call: (apis: WriteApis) => Promise<T>, hint: ErrorHint = {}) {
    try {
      return await withRequestId(client, call);
    } catch (err) {
      throw toOktaError(err, hint);
    }
  }
}

async function read<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw toOktaError(err);
  }
}

/** Okta's search grammar takes a double-quoted string: escape backslashes first, then quotes. */
export function escapeSearchValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

/**
 * Okta search for a person's name, exact (case-insensitive) only: one word is a first or a last name;
 * several words are every first/last split ("Mary Ann Lee": Mary + "Ann Lee", or "Mary Ann" + Lee).
 */
function nameSearch(words: string[]): string {
  const eq = (attribute: string, value: string) => `profile.${attribute} eq "${escapeSearchValue(value)}"`;
  if (words.length === 1) return `${eq('firstName', words[0] ?? '')} or ${eq('lastName', words[0] ?? '')}`;
  const splits = words.slice(1).map((_, i) => `${eq('firstName', words.slice(0, i + 1).join(' '))} and ${eq('lastName', words.slice(i + 1).join(' '))}`);
  return splits.length === 1 ? (splits[0] ?? '') : splits.map((split) => `(${split})`).join(' or ');
}

/**
 * The terms of a user query Okta's `search` supports (status and profile attributes; lastLogin is not
 * among the searchable properties the Users API documents); undefined when there are none.
 */
function userSearch({ status, department }: UserQuery): string | undefined {
  const terms = [
    ...(status ? [`status eq "${escapeSearchValue(status)}"`] : []),
    ...(department !== undefined ? [`profile.department eq "${escapeSearchValue(required(department.trim(), 'department'))}"`] : []),
  ];
  return terms.length > 0 ? terms.join(' and ') : undefined;
}

/** Every term of the query, checked in code: the group's members were not searched, and Okta cannot search sign-in times. */
function matchesQuery(user: DirectoryUser, query: UserQuery): boolean {
  const lastLogin = user.lastLogin === null ? null : Date.parse(user.lastLogin);
  if (query.status ? user.status !== query.status : user.status === 'DEPROVISIONED') return false;
  if (query.department !== undefined && !sameText(user.department ?? '', query.department.trim())) return false;
  if (query.lastLoginBefore !== undefined) {
    const before = Date.parse(query.lastLoginBefore);
    if (lastLogin === null ? !(Date.parse(user.created) < before) : !(lastLogin < before)) return false;
  }
  if (query.lastLoginAfter !== undefined && (lastLogin === null || !(lastLogin >= Date.parse(query.lastLoginAfter)))) return false;
  return true;
}

function selectorFilter({ eventType, outcome }: LogEventSelector): string {
  const type = `eventType eq "${escapeSearchValue(eventType)}"`;
  return outcome ? `(${type} and outcome.result eq "${escapeSearchValue(outcome)}")` : type;
}

function required(value: string, what: string): string {
  if (value.trim() === '') throw new OktaError('okta_bad_request', `An empty ${what} was given`);
  return value;
}

/** Equal for people: Unicode compatibility forms (full-width letters) folded, case ignored. */
function sameText(a: string, b: string): boolean {
  return a.normalize('NFKC').toLowerCase() === b.normalize('NFKC').toLowerCase();
}
