// Executes one help-desk write on Okta and reports it in a sentence written from Okta's answer.
// The tools call this, and so will confirmation buttons: both run exactly the same code, and no
// outcome ("locked", "added") is ever claimed that Okta did not confirm.
import { OktaError, type Directory, type DirectoryGroup, type DirectoryUser } from '../okta/index.js';
import type { ResetLinkVault } from './reset-link-vault.js';
import { describeStatus, groupNotFoundSummary, notFoundSummary, oktaFailure, personName, type Failure } from './wording.js';

export type WriteAction =
  | { kind: 'reset_password'; targetEmail: string }
  | { kind: 'lock'; targetEmail: string }
  | { kind: 'unlock'; targetEmail: string }
  | { kind: 'reset_mfa'; targetEmail: string }
  | { kind: 'add_to_group'; targetEmail: string; groupName: string }
  | { kind: 'remove_from_group'; targetEmail: string; groupName: string };

export type ActionOutcome = {
  /** What Okta did, in one word: the tool output and the audit log both carry it. */
  outcome:
    | 'done'
    | 'user_not_found'
    | 'group_not_found'
    | 'already_member'
    | 'not_member'
    | 'not_locked_out'
    | 'already_suspended'
    | 'failed';
  summary: string;
  failure?: Failure;
  oktaRequestIds: string[];
  /** Set for reset_password: the held link's reference, never the link. */
  resetLinkReference?: string;
};

export type ActionDeps = { directory: Directory; resetLinks: ResetLinkVault };

/**
 * What the desk read from Okta moments ago for this same request: the target account, and for a
 * group change the group it decided on (so the write changes exactly the group the policy judged).
 */
export type Fresh = { user?: DirectoryUser; group?: DirectoryGroup };

/** `requestedBy`: who asked for the action (a reset link's DM tells its owner when it was someone else). */
export async function executeAction(deps: ActionDeps, action: WriteAction, fresh: Fresh = {}, { requestedBy }: { requestedBy?: string } = {}): Promise<ActionOutcome> {
  try {
    const user = fresh.user ?? (await deps.directory.findUserByEmail(action.targetEmail));
    if (!user) return { outcome: 'user_not_found', summary: notFoundSummary(action.targetEmail), oktaRequestIds: [] };
    switch (action.kind) {
      case 'reset_password':
        return await resetPassword(deps, user, requestedBy);
      case 'lock':
        return await lock(deps.directory, user);
      case 'unlock':
        return await unlock(deps.directory, user);
      case 'reset_mfa':
        return await resetMfa(deps.directory, user);
      case 'add_to_group':
      case 'remove_from_group':
        return await changeMembership(deps.directory, user, action.kind, fresh.group ?? (await deps.directory.findGroup(action.groupName)), action.groupName);
    }
  } catch (error) {
    return { outcome: 'failed', ...oktaFailure(error), oktaRequestIds: requestIdsOf(error) };
  }
}

async function resetPassword(deps: ActionDeps, user: DirectoryUser, requestedBy?: string): Promise<ActionOutcome> {
  const { resetPasswordUrl, requestId } = await deps.directory.createPasswordResetLink(user.id);
  const reference = deps.resetLinks.hold(user.email, resetPasswordUrl, requestedBy);
  return {
    outcome: 'done',
    summary: `Okta issued a one-time password reset link for ${personName(user)}; it goes only to ${user.email} by direct message.`,
    oktaRequestIds: compact([requestId]),
    resetLinkReference: reference,
  };
}

async function lock(directory: Directory, user: DirectoryUser): Promise<ActionOutcome> {
  if (user.status === 'SUSPENDED') {
    return { outcome: 'already_suspended', summary: `${personName(user)}'s account is already suspended; nothing was changed.`, oktaRequestIds: [] };
  }
  try {
    const receipt = await directory.lock(user.id);
    return {
      outcome: 'done',
      summary: `${personName(user)}'s account is now suspended and every Okta session was ended.`,
      oktaRequestIds: compact([receipt.suspendRequestId, receipt.sessionsRequestId]),
    };
  } catch (error) {
    if (!(error instanceof OktaError)) throw error;
    if (error.code === 'okta_wrong_state') {
      return {
        outcome: 'failed',
        summary: `Okta only suspends active accounts, and ${personName(user)}'s account is ${describeStatus(user.status)}; nothing was changed.`,
        failure: error.code,
        oktaRequestIds: requestIdsOf(error),
      };
    }
    const completed = error.completedSteps ?? [];
    if (!completed.some((step) => step.step === 'suspend')) throw error;
    return {
      outcome: 'failed',
      summary: `${personName(user)}'s account is suspended, but Okta failed to end their open sessions; ask IT to end them in the Okta admin console.`,
      failure: error.code,
      oktaRequestIds: compact([...completed.map((step) => step.requestId), error.requestId]),
    };
  }
}

async function unlock(directory: Directory, user: DirectoryUser): Promise<ActionOutcome> {
  if (user.status !== 'LOCKED_OUT' && user.status !== 'SUSPENDED') {
    return {
      outcome: 'not_locked_out',
      summary: `${personName(user)} is not locked out or suspended (the account is ${describeStatus(user.status)}); nothing was changed.`,
      oktaRequestIds: [],
    };
  }
  try {
    const receipt = await directory.unlock(user);
    const how = receipt.via === 'unlock' ? 'unlocked' : 'unsuspended';
    return { outcome: 'done', summary: `${personName(user)}'s account is ${how} and active again.`, oktaRequestIds: compact([receipt.requestId]) };
  } catch (error) {
    if (error instanceof OktaError && error.code === 'okta_wrong_state') {
      return {
        outcome: 'not_locked_out',
        summary: `Okta says ${personName(user)} is not locked out; nothing was changed.`,
        oktaRequestIds: requestIdsOf(error),
      };
    }
    throw error;
  }
}

async function resetMfa(directory: Directory, user: DirectoryUser): Promise<ActionOutcome> {
  const receipt = await directory.resetFactors(user.id);
  return {
    outcome: 'done',
    summary: `Every MFA factor of ${personName(user)} was reset; they will enroll again at their next sign-in.`,
    oktaRequestIds: compact([receipt.requestId]),
  };
}

async function changeMembership(
  directory: Directory,
  user: DirectoryUser,
  kind: 'add_to_group' | 'remove_from_group',
  group: DirectoryGroup | null,
  groupName: string,
): Promise<ActionOutcome> {
  if (!group) return { outcome: 'group_not_found', summary: groupNotFoundSummary(groupName), oktaRequestIds: [] };
  const member = await directory.isMember(user.id, group.id);
  const name = personName(user);
  if (kind === 'add_to_group') {
    if (member) return { outcome: 'already_member', summary: `${name} is already in ${group.name}; nothing was changed.`, oktaRequestIds: [] };
    const receipt = await directory.addToGroup(user.id, group.id);
    return { outcome: 'done', summary: `${name} was added to ${group.name}.`, oktaRequestIds: compact([receipt.requestId]) };
  }
  if (!member) return { outcome: 'not_member', summary: `${name} is not in ${group.name}; nothing was changed.`, oktaRequestIds: [] };
  const receipt = await directory.removeFromGroup(user.id, group.id);
  return { outcome: 'done', summary: `${name} was removed from ${group.name}.`, oktaRequestIds: compact([receipt.requestId]) };
}

function requestIdsOf(error: unknown): string[] {
  return error instanceof OktaError && error.requestId ? [error.requestId] : [];
}

function compact(ids: Array<string | undefined>): string[] {
  return ids.filter((id): id is string => Boolean(id));
}
