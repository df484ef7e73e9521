// Plain data the rest of the app sees from Okta: no SDK classes, dates as ISO strings.
import type { OktaCall } from './calls.js';

export const OKTA_USER_STATUSES = [
  'STAGED',
  'PROVISIONED',
  'ACTIVE',
  'RECOVERY',
  'PASSWORD_EXPIRED',
  'LOCKED_OUT',
  'SUSPENDED',
  'DEPROVISIONED',
] as const;

export type OktaUserStatus = (typeof OKTA_USER_STATUSES)[number];

export type DirectoryUser = {
  id: string;
  status: OktaUserStatus;
  login: string;
  email: string;
  firstName: string;
  lastName: string;
  displayName: string | null;
  department: string | null;
  title: string | null;
  created: string;
  statusChanged: string | null;
  lastLogin: string | null;
  passwordChanged: string | null;
};

export type DirectoryGroup = { id: string; name: string; description: string | null; type: string };

/** An app the person can open from their Okta dashboard (assigned directly or through a group). */
export type DirectoryAppLink = { appId: string; label: string; appName: string; hidden: boolean };

/** An app integration; `status` is ACTIVE or INACTIVE (an inactive app opens for nobody). */
export type DirectoryApp = { id: string; label: string; status: string };

export type DirectoryFactor = { id: string; factorType: string; provider: string; status: string };

/**
 * An Okta Verify push that was sent (verify answered 201 WAITING). `correctAnswer`: the number the
 * person must pick on their phone (number matching). `transactionId`: the last segment of `_links.poll`.
 */
export type PushChallenge = { factorId: string; transactionId: string; correctAnswer: number; expiresAt: string | null; requestId?: string };

/** Where a push transaction stands; only WAITING can still change. */
export const PUSH_RESULTS = ['WAITING', 'SUCCESS', 'REJECTED', 'TIMEOUT'] as const;
export type PushResult = (typeof PUSH_RESULTS)[number];

/** One System Log event, reduced to what explains an account's trouble (no IPs, devices or request data). */
export type DirectoryLogEvent = {
  id: string;
  eventType: string;
  published: string;
  /** SUCCESS, FAILURE, DENY, ... and Okta's reason code, e.g. INVALID_CREDENTIALS. */
  outcome: { result: string; reason: string | null };
  displayMessage: string | null;
  /** Who did it: the person themself, an admin, or Okta's system principal. */
  actor: { id: string; alternateId: string; displayName: string | null };
};

/** Events of one type, optionally with one outcome only (e.g. user.session.start that FAILED). */
export type LogEventSelector = { eventType: string; outcome?: string };

/** A bounded System Log query: both ends are required, or the SDK polls forever. */
export type LogWindow = { since: string; until: string };

/** Okta's x-okta-request-id of the write, for the audit log (absent only if Okta sent none). */
export type WriteReceipt = { requestId?: string };

export type PasswordResetLink = { resetPasswordUrl: string; requestId?: string };

export type LockReceipt = { suspendRequestId?: string; sessionsRequestId?: string };

export type UnlockReceipt = { via: 'unlock' | 'unsuspend'; requestId?: string };

/**
 * Which users a directory query asks for; every given term must hold. Deactivated (DEPROVISIONED)
 * accounts match only when `status` asks for them, as Okta's plain user list leaves them out.
 */
export type UserQuery = {
  status?: OktaUserStatus;
  /** profile.department, compared ignoring case as Okta's search does. */
  department?: string;
  /** Members of the group with exactly this name (ignoring case). */
  groupName?: string;
  /** Last sign-in before this ISO time; an account that never signed in matches when it was created before it. */
  lastLoginBefore?: string;
  /** Last sign-in at or after this ISO time; never signed in does not match. */
  lastLoginAfter?: string;
};

export type UserQueryResult = {
  /** The first matches (at most the limit asked for), in Okta's order. */
  users: DirectoryUser[];
  /** How many of the users read match (may be more than `users`). */
  matched: number;
  /** False when Okta had more users to look at than the LIST_CAP read: further matches are unknown. */
  complete: boolean;
  /** The group of `groupName`; null when no group has that name (then nothing else was read). */
  group?: DirectoryGroup | null;
  /** Every Okta request this answer was read from, in order. */
  calls: OktaCall[];
};

export interface Directory {
  /** Exact match on profile.email; null when nobody has it. */
  findUserByEmail(email: string): Promise<DirectoryUser | null>;
  /** Prefix match on first name, last name and email (Okta `q=`), at most `limit` users. */
  searchUsers(query: string, limit?: number): Promise<DirectoryUser[]>;
  /** Exact (case-insensitive) first/last name match, e.g. "Alex Kim" or "Jordan"; at most `limit` users. */
  findUsersByName(name: string, limit?: number): Promise<DirectoryUser[]>;
  /** By id or login; null when Okta answers 404 E0000007. */
  getUser(idOrLogin: string): Promise<DirectoryUser | null>;
  listUserGroups(userId: string): Promise<DirectoryGroup[]>;
  /** Prefix match on group name; exact (case-insensitive) matches first. */
  findGroupsByName(name: string): Promise<DirectoryGroup[]>;
  /**
   * The one group whose name is `name`, ignoring case and surrounding spaces (the only rule by which
   * a typed or configured group name becomes a group); null when there is none.
   */
  findGroup(name: string): Promise<DirectoryGroup | null>;
  /** At most LIST_CAP members: used to find approvers, whose groups are small. */
  listGroupMembers(groupId: string): Promise<DirectoryUser[]>;
  isMember(userId: string, groupId: string): Promise<boolean>;
  /** Okta answers 204 whether or not the user was already a member: check isMember first. */
  addToGroup(userId: string, groupId: string): Promise<WriteReceipt>;
  removeFromGroup(userId: string, groupId: string): Promise<WriteReceipt>;
  /** sendEmail=false: the link is a secret and the user moves to RECOVERY. */
  createPasswordResetLink(userId: string): Promise<PasswordResetLink>;
  /** Suspend, then end every session. */
  lock(userId: string): Promise<LockReceipt>;
  /** unlock for LOCKED_OUT, unsuspend for SUSPENDED; any other status is okta_wrong_state. */
  unlock(user: { id: string; status: OktaUserStatus }): Promise<UnlockReceipt>;
  resetFactors(userId: string): Promise<WriteReceipt>;
  listFactors(userId: string): Promise<DirectoryFactor[]>;
  /** Sends an Okta Verify push with a number challenge to this (push) factor. */
  startPushVerification(userId: string, factorId: string): Promise<PushChallenge>;
  /** One read of the push transaction's state (GET .../factors/{factorId}/transactions/{transactionId}). */
  pushVerificationResult(userId: string, factorId: string, transactionId: string): Promise<PushResult>;
  /**
   * The newest (at most `limit`, capped at LOG_CAP) System Log events in the window where the user is
   * the actor or a target and the event matches one of `events`; newest first.
   */
  listUserLogEvents(userId: string, window: LogWindow, events: readonly LogEventSelector[], limit?: number): Promise<DirectoryLogEvent[]>;
  /**
   * Users matching `query`, at most `limit` (capped at LIST_CAP). Status and department go into
   * Okta's `search` on GET /users, or a group's members are listed (GET /groups/{id}/users); the
   * rest, and sign-in times, which Okta's user search does not support, is checked in code over at most LIST_CAP users read.
   */
  queryUsers(query: UserQuery, limit: number): Promise<UserQueryResult>;
  /** Every app on the person's Okta dashboard (Okta lists active apps only); more than APP_LINKS_CAP is okta_unavailable. */
  listAppLinks(userId: string): Promise<DirectoryAppLink[]>;
  /** Apps whose name or label starts with `query` (Okta `q=`), or every app without one; exact labels first; at most LIST_CAP. */
  listApps(query?: string): Promise<DirectoryApp[]>;
  /** The groups assigned to an app (whose members get it), at most LIST_CAP. */
  listAppGroups(appId: string): Promise<DirectoryGroup[]>;
}
