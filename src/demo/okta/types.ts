// Records the demo Okta org keeps in memory, and the seed it is built from. JSON shapes live in render.ts.

import type { OktaUserStatus } from '../../okta/types.js';

/** Okta's user statuses, the same list the product's Okta layer knows. */
export type UserStatus = OktaUserStatus;

export type FactorKind = 'push' | 'totp' | 'sms';

/** One seeded person: enough for the org, the README table and the Slack console. */
export type DemoPerson = {
  firstName: string;
  lastName: string;
  email: string;
  /** The matching Slack display name in the local Slack console. */
  slackName: string;
  title: string;
  department: string;
  employeeType: 'Employee' | 'Contractor';
  /** What this person is for in the demo, in a few words. */
  role: string;
  status: UserStatus;
  /** OKTA_GROUP names; everyone is also in the built-in Everyone group. */
  groups: string[];
  factors: FactorKind[];
  mobilePhone: string | null;
  /** Days since the last sign-in, when it matters to the demo (e.g. a dormant account); else 1 to 3. */
  lastSignInDaysAgo?: number;
};

/** One System Log event of the org's recent past, placed relative to the org's start time. */
export type DemoLogEntry = {
  /** Whose account it is about (the event's target, and its actor when `actor` is 'self'). */
  email: string;
  eventType: string;
  displayMessage: string;
  minutesAgo: number;
  /** The person themself, Okta's system principal, or the email of the admin who did it. */
  actor: 'self' | 'okta' | { email: string };
  outcome?: { result: 'SUCCESS' | 'FAILURE' | 'DENY'; reason: string | null };
  /** The event moved the account to its seeded status: statusChanged is set to its time. */
  changesStatus?: boolean;
};

/** One seeded app integration and who gets it: members of `groups`, and `people` assigned directly. */
export type DemoApp = {
  /** Okta's app name (the integration's key, e.g. `salesforce`). */
  name: string;
  label: string;
  signOnMode: 'SAML_2_0' | 'OPENID_CONNECT' | 'BOOKMARK';
  status: 'ACTIVE' | 'INACTIVE';
  /** OKTA_GROUP (or Everyone) names assigned to the app. */
  groups: string[];
  /** Emails of people assigned to the app directly, not through a group. */
  people: string[];
};

export type DemoSeed = {
  domain: string;
  groups: Array<{ name: string; description: string | null }>;
  people: DemoPerson[];
  apps: DemoApp[];
  /** System Log events already in the org when it starts. */
  history: DemoLogEntry[];
};

export type UserProfile = {
  firstName: string;
  lastName: string;
  mobilePhone: string | null;
  secondEmail: string | null;
  login: string;
  email: string;
  displayName: string;
  title: string;
  department: string;
  employeeType: string;
};

export type UserRecord = {
  id: string;
  status: UserStatus;
  created: string;
  activated: string | null;
  statusChanged: string | null;
  lastLogin: string | null;
  lastUpdated: string;
  passwordChanged: string | null;
  profile: UserProfile;
};

export type GroupRecord = {
  id: string;
  type: 'OKTA_GROUP' | 'BUILT_IN';
  created: string;
  lastUpdated: string;
  lastMembershipUpdated: string;
  name: string;
  description: string | null;
};

export type FactorRecord = {
  id: string;
  factorType: 'push' | 'token:software:totp' | 'sms';
  provider: 'OKTA' | 'GOOGLE';
  vendorName: 'OKTA' | 'GOOGLE';
  status: 'ACTIVE';
  created: string;
  lastUpdated: string;
  profile: Record<string, string>;
};

export type AppRecord = {
  id: string;
  name: string;
  label: string;
  signOnMode: DemoApp['signOnMode'];
  status: DemoApp['status'];
  created: string;
  lastUpdated: string;
  /** Assigned group ids, in priority order. */
  groupIds: string[];
  /** Users assigned directly. */
  userIds: string[];
};

/** An Okta Verify push sent by the verify endpoint; `correctAnswer` null when no number matching was asked. */
export type PushTransactionRecord = {
  id: string;
  userId: string;
  factorId: string;
  correctAnswer: number | null;
  /** The three numbers the phone shows (empty without number matching). */
  choices: number[];
  expiresAt: string;
  result: 'WAITING' | 'SUCCESS' | 'REJECTED' | 'TIMEOUT';
};

export type SessionRecord = { id: string; userId: string; created: string; revoked: string | null };

/** A System Log event, shaped like Okta's LogEvent (see system-log.ts). */
export type LogEvent = Record<string, unknown> & { uuid: string; published: string; eventType: string };
