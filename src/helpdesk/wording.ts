// The sentences people read: how a person is named ("you" to the account's owner), how a time and
// an account status are said, and the one honest sentence for each kind of Okta failure. Written by
// code so no outcome is ever invented.
import type { StoredAuditEntry } from '../audit/index.js';
import { OktaError, type DirectoryUser, type OktaErrorCode, type OktaUserStatus } from '../okta/index.js';
import { someoneOf, type Role } from '../policy/index.js';
import type { WriteAction } from './actions.js';

export type Failure = OktaErrorCode;

export function personName(user: DirectoryUser): string {
  return user.displayName || `${user.firstName} ${user.lastName}`.trim() || user.email;
}

/**
 * How an account's person is named to the reader: second person when the reader is the account's
 * owner ("Your account is unlocked"), their name to anyone else ("Jane Doe's account is unlocked").
 */
export type Addressee = {
  self: boolean;
  /** "you" / "Jane Doe", and capitalized for the start of a sentence. */
  name: string;
  Name: string;
  /** "your" / "Jane Doe's". */
  whose: string;
  Whose: string;
  /** "your" / "their": the possessive pronoun once the person is named. */
  their: string;
  /** "you" / "they". */
  they: string;
  /** The verb forms that agree: "are"/"is", "were"/"was". */
  is: string;
  was: string;
  /** Where a private message goes: "you" / "jane@acme.com". */
  email: string;
};

export function addressee(user: DirectoryUser, self: boolean): Addressee {
  if (self) return { self, name: 'you', Name: 'You', whose: 'your', Whose: 'Your', their: 'your', they: 'you', is: 'are', was: 'were', email: 'you' };
  const name = personName(user);
  return { self, name, Name: name, whose: `${name}'s`, Whose: `${name}'s`, their: 'their', they: 'they', is: 'is', was: 'was', email: user.email };
}

/** The thread's note when no approver could be reached in Slack: who to ask instead, named by role. */
export function noApproverNote(approverRoles: readonly Role[]): string {
  const who = someoneOf(approverRoles);
  return `However, I couldn't reach anyone who can approve this in Slack, so nobody has seen the request yet. ${who ? `Please ask ${who} directly.` : 'Please contact IT directly.'}`;
}

/** "1 failed sign-in", "3 failed sign-ins". */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * Every time a person reads: relative, then the absolute UTC time, with the date when it is not
 * today (and the year when it is not this year): "just now (09:14 UTC)", "2 hours ago (09:14 UTC)",
 * "3 days ago (Dec 3, 09:14 UTC)", "in 5 minutes (09:19 UTC)". `now` is the caller's clock.
 */
export function timeInWords(at: Date | string, now: number): string {
  const time = new Date(at);
  const ahead = time.getTime() - now;
  const minutes = Math.floor(Math.abs(ahead) / 60_000);
  const span =
    minutes < 60 ? count(minutes, 'minute')
    : minutes < 48 * 60 ? count(Math.floor(minutes / 60), 'hour')
    : count(Math.floor(minutes / (24 * 60)), 'day');
  const relative = minutes < 1 ? 'just now' : ahead > 0 ? `in ${span}` : `${span} ago`;
  const clock = `${pad(time.getUTCHours())}:${pad(time.getUTCMinutes())} UTC`;
  const today = new Date(now);
  if (today.toISOString().slice(0, 10) === time.toISOString().slice(0, 10)) return `${relative} (${clock})`;
  const year = today.getUTCFullYear() === time.getUTCFullYear() ? '' : `, ${time.getUTCFullYear()}`;
  return `${relative} (${MONTHS[time.getUTCMonth()]} ${time.getUTCDate()}${year}, ${clock})`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * Where an employee is sent for human help when HELPDESK_CHANNEL is set: a channel id becomes a
 * Slack channel link (<#C…>), a name is shown as #name.
 */
export function askHelpdeskIn(channel: string): string {
  const where = /^[CG][A-Z0-9]{2,}$/.test(channel) ? `<#${channel}>` : `#${channel.replace(/^#/, '')}`;
  return `Ask the IT help desk in ${where}.`;
}

const STATUS_WORDS: Record<OktaUserStatus, string> = {
  ACTIVE: 'active',
  LOCKED_OUT: 'locked out after too many failed sign-ins',
  SUSPENDED: 'suspended',
  RECOVERY: 'in password recovery (a reset was started and not finished)',
  PASSWORD_EXPIRED: 'active, but the password has expired',
  STAGED: 'created but not yet activated',
  PROVISIONED: 'activated, waiting for the person to set a password',
  DEPROVISIONED: 'deactivated',
};

export function describeStatus(status: OktaUserStatus): string {
  return STATUS_WORDS[status] ?? status;
}

/** Group changes need the exact group (directory.findGroup): a prefix match must never add someone to "Sales-Admins". */
export function groupNotFoundSummary(groupName: string): string {
  return `There is no Okta group named "${groupName}"; nothing was changed.`;
}

export function notFoundSummary(email: string): string {
  return `I couldn't find anyone with the email ${email} in Okta.`;
}

/** Turns an Okta failure into data the model and the Slack layer can use; rethrows anything else. */
export function oktaFailure(error: unknown): { summary: string; failure: Failure } {
  if (!(error instanceof OktaError)) throw error;
  const sentences: Record<OktaErrorCode, string> = {
    okta_not_found: 'Okta no longer knows that person or group. Nothing was changed.',
    okta_wrong_state: 'Okta refused because the account is not in the right state for that. Nothing was changed.',
    okta_forbidden: 'The help desk is not allowed to do that in Okta. Nothing was changed.',
    okta_invalid_token: "Okta refused the help desk's credentials, so I couldn't do that. Nothing was changed.",
    okta_rate_limited: 'Okta is rate-limiting requests right now. Nothing was changed; please try again in a minute.',
    okta_timeout: 'Okta did not answer in time. Nothing was changed; please try again in a minute.',
    okta_unavailable: "I couldn't reach Okta just now. Nothing was changed.",
    okta_bad_request: 'Okta rejected the request. Nothing was changed.',
  };
  return { summary: sentences[error.code], failure: error.code };
}

/**
 * Exactly what a stored action will do, for confirmation and approval cards. `self`: it is said to
 * the account's owner ("Unlock your account."); approvers read the name and email.
 */
export function describeAction(action: WriteAction, { name, self = false }: { name?: string; self?: boolean } = {}): string {
  const who = self ? 'you' : name ? `${name} (${action.targetEmail})` : action.targetEmail;
  const to = self ? 'you' : action.targetEmail;
  switch (action.kind) {
    case 'reset_password':
      return `Send ${who} a one-time password reset link, by direct message to ${to} only.`;
    case 'lock':
      return `Lock ${self ? 'your account' : who}: suspend the account and end every Okta session.`;
    case 'unlock':
      return `Unlock ${self ? 'your account' : `the account of ${who}`}.`;
    case 'reset_mfa':
      return self ? 'Reset every MFA factor of yours; you enroll again at your next sign-in.' : `Reset every MFA factor of ${who}; they enroll again at their next sign-in.`;
    case 'add_to_group':
      return `Add ${who} to the Okta group ${action.groupName}.`;
    case 'remove_from_group':
      return `Remove ${who} from the Okta group ${action.groupName}.`;
  }
}

/** Account changes the owner is told about when someone else made them (a reset link's DM says who asked instead). */
const NOTIFIED_ACTIONS = ['lock', 'unlock', 'reset_mfa'] as const;
type NotifiedAction = { kind: (typeof NOTIFIED_ACTIONS)[number] };

export function isNotifiedAction(action: WriteAction): action is WriteAction & NotifiedAction {
  return (NOTIFIED_ACTIONS as readonly string[]).includes(action.kind);
}

/**
 * The DM to an account's owner after someone else changed their account through the help desk:
 * who did what, when, and what to do if they did not expect it. Plain text.
 */
export function ownerNoticeText(
  action: NotifiedAction,
  { requesterEmail, approverEmail, at, now }: { requesterEmail: string; approverEmail?: string; at: Date; now: number },
): string {
  const what = { lock: 'locked your Okta account (suspended it and ended every session)', unlock: 'unlocked your Okta account', reset_mfa: 'reset your Okta MFA: every factor was removed, and you will set one up again at your next sign-in' }[action.kind];
  const approved = approverEmail ? `, approved by ${approverEmail}` : '';
  return `Heads-up: ${requesterEmail} ${what}, through the IT help desk ${timeInWords(at, now)}${approved}. If you did not expect this, tell IT right away.`;
}


/** How an Okta Verify check ended without approval. */
export type VerificationEnd = 'REJECTED' | 'TIMEOUT' | 'failed' | 'interrupted';

/**
 * The requester's DM with the number to tap. `whose`: "your" or "Jane Doe's"; the number is not a
 * secret (Okta shows it next to two others, only the phone's owner can tap it), the link never exists.
 */
export function pushNumberText({ correctAnswer, what, self, name, until, now }: { correctAnswer: number; what: string; self: boolean; name: string; until: string | null; now: number }): string {
  const who = self ? 'Open Okta Verify on your phone' : `Ask ${name} to open Okta Verify on their phone`;
  const deadline = until ? ` until ${timeInWords(until, now)}` : '';
  return `${who} and tap ${correctAnswer} to approve: ${what} I'm waiting for ${self ? 'you' : 'them'} to approve on ${self ? 'your' : 'their'} phone${deadline}; nothing happens until then.`;
}

/** The card while the push waits. */
export function waitingForPushText(self: boolean, name: string): string {
  return self ? 'Waiting for you to approve on your phone (Okta Verify). I sent you the number to tap by direct message.' : `Waiting for ${name} to approve on their phone (Okta Verify). I sent you the number to tell them by direct message.`;
}

/** The card when the check ended without approval: nothing was changed. */
export function verificationEndText(end: VerificationEnd): string {
  const why = {
    REJECTED: 'The Okta Verify push was rejected on the phone (denied, or the wrong number was picked)',
    TIMEOUT: 'Nobody approved the Okta Verify push in time',
    failed: "I couldn't check the Okta Verify push with Okta",
    interrupted: 'The server restarted before the Okta Verify push was sent',
  }[end];
  return `${why}, so nothing was changed. Ask again if you still need it.`;
}

/** The account owner's DM when a check on their account ended without approval. */
export function verificationOwnerNotice(action: WriteAction, { requesterEmail, self, end, now }: { requesterEmail: string; self: boolean; end: 'REJECTED' | 'TIMEOUT'; now: number }): string {
  const who = self ? 'Someone using your Slack account' : requesterEmail;
  const how = end === 'REJECTED' ? 'was rejected on your phone' : 'was not approved in time';
  return `Heads-up: ${who} asked the IT help desk ${timeInWords(new Date(now), now)} to do this on your account: ${describeAction(action)} The Okta Verify check ${how}, so nothing was changed. If this was not you, tell IT right away.`;
}

/** What a recent audit entry did to the account, said plainly; undefined for entries that changed nothing. */
function recentChange(entry: StoredAuditEntry): string | undefined {
  if (entry.outcome === 'not_verified') return 'an Okta Verify check was not approved';
  if (entry.outcome !== 'executed' || !entry.detail?.startsWith('done:')) return undefined;
  const what: Partial<Record<StoredAuditEntry['action'], string>> = {
    reset_password: 'a password reset link was issued',
    unlock: 'the account was unlocked',
    lock: 'the account was locked',
    reset_mfa: 'every MFA factor was reset',
    add_to_group: 'a group was added',
    remove_from_group: 'a group was removed',
  };
  return what[entry.action];
}

/**
 * The approval card's warning when the requester's identity was not checked by a push: that it was
 * not, and what the help desk did on the account in the last day ("a password reset link was issued
 * 3 minutes ago (09:14 UTC)"), newest first, from the audit log.
 */
export function unverifiedNoteText(why: string, recent: StoredAuditEntry[], now: number): string {
  const changes = recent.flatMap((entry) => {
    const change = recentChange(entry);
    return change ? [`${change} ${timeInWords(entry.at, now)}`] : [];
  });
  const history = changes.length > 0 ? `Recently on this account: ${changes.slice(0, 5).join('; ')}.` : 'Nothing was done on this account through the help desk in the last 24 hours.';
  return `Identity NOT verified: ${why} ${history}`;
}
