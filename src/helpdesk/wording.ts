// The sentences people read: how a person and an account status are named, and the one honest
// sentence for each kind of Okta failure. Written by code so no outcome is ever invented.
import { OktaError, type DirectoryUser, type OktaErrorCode, type OktaUserStatus } from '../okta/index.js';
import type { WriteAction } from './actions.js';

export type Failure = OktaErrorCode;

export function personName(user: DirectoryUser): string {
  return user.displayName || `${user.firstName} ${user.lastName}`.trim() || user.email;
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

/** Exactly what a stored action will do, for confirmation and approval cards. */
export function describeAction(action: WriteAction, name?: string): string {
  const who = name ? `${name} (${action.targetEmail})` : action.targetEmail;
  switch (action.kind) {
    case 'reset_password':
      return `Send ${who} a one-time password reset link, by direct message to ${action.targetEmail} only.`;
    case 'lock':
      return `Lock ${who}: suspend the account and end every Okta session.`;
    case 'unlock':
      return `Unlock the account of ${who}.`;
    case 'reset_mfa':
      return `Reset every MFA factor of ${who}; they enroll again at their next sign-in.`;
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
  { requesterEmail, approverEmail, at }: { requesterEmail: string; approverEmail?: string; at: Date },
): string {
  const what = { lock: 'locked your Okta account (suspended it and ended every session)', unlock: 'unlocked your Okta account', reset_mfa: 'reset your Okta MFA: every factor was removed, and you will set one up again at your next sign-in' }[action.kind];
  const approved = approverEmail ? `, approved by ${approverEmail}` : '';
  const time = `${at.toISOString().slice(11, 16)} UTC`;
  return `Heads-up: ${requesterEmail} ${what}, through the IT help desk at ${time}${approved}. If you did not expect this, tell IT right away.`;
}

