// Executes one help-desk write on Okta and reports it in a sentence written from Okta's answer.
// The tools call this, and so will confirmation buttons: both run exactly the same code, and no
// outcome ("locked", "added") is ever claimed that Okta did not confirm.
import { OktaError, type Directory, type DirectoryGroup, type DirectoryUser } from '../okta/index.js';
import { sameEmail } from '../policy/index.js';
import type { ResetLinkVault } from './reset-link-vault.js';
import { addressee, describeStatus, groupNotFoundSummary, notFoundSummary, oktaFailure, type Addressee, type Failure } from './wording.js';

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
  /** Said to the requester: "Your account is unlocked" when it is their own account. */
  summary: string;
  /** The same in the third person, for everyone else (approvers' cards, the audit log). */
  summaryForOthers: string;
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

/** An outcome before it is worded: `say` writes its sentence for one reader. */
type Draft = Omit<ActionOutcome, 'summary' | 'summaryForOthers'> & { say: (a: Addressee) => string };

/**
 * `requestedBy`: who asked for the action (a reset link's DM tells its owner when it was someone
 * else; the requester's summary says "you" when it is their own account).
 */
export async function executeAction(deps: ActionDeps, action: WriteAction, fresh: Fresh = {}, { requestedBy }: { requestedBy?: string } = {}): Promise<ActionOutcome> {
  try {
    const user = fresh.user ?? (await deps.directory.findUserByEmail(action.targetEmail));
    if (!user) return same({ outcome: 'user_not_found', summary: notFoundSummary(action.targetEmail), oktaRequestIds: [] });
    const { say, ...draft } = await run(deps, action, fresh, user, requestedBy);
    const self = requestedBy !== undefined && sameEmail(requestedBy, user.email);
    return { ...draft, summary: say(addressee(user, self)), summaryForOthers: say(addressee(user, false)) };
  } catch (error) {
    return same({ outcome: 'failed', ...oktaFailure(error), oktaRequestIds: requestIdsOf(error) });
  }
}

/** An outcome worded the same for everyone (no person named in it). */
function same(outcome: Omit<ActionOutcome, 'summaryForOthers'>): ActionOutcome {
  return { ...outcome, summaryForOthers: outcome.summary };
}

async function run(deps: ActionDeps, action: WriteAction, fresh: Fresh, user: DirectoryUser, requestedBy?: string): Promise<Draft> {
  switch (action.kind) {
    case 'reset_password':
      return resetPassword(deps, user, requestedBy);
    case 'lock':
      return lock(deps.directory, user);
    case 'unlock':
      return unlock(deps.directory, user);
    case 'reset_mfa':
      return resetMfa(deps.directory, user);
    case 'add_to_group':
    case 'remove_from_group': {
      const group = fresh.group ?? (await deps.directory.findGroup(action.groupName));
      if (!group) return { outcome: 'group_not_found', say: () => groupNotFoundSummary(action.groupName), oktaRequestIds: [] };
      return changeMembership(deps.directory, user, action.kind, group);
    }
  }
}

async function resetPassword(deps: ActionDeps, user: DirectoryUser, requestedBy?: string): Promise<Draft> {
  const { resetPasswordUrl, requestId } = await deps.directory.createPasswordResetLink(user.id);
  const reference = deps.resetLinks.hold(user.email, resetPasswordUrl, requestedBy);
  return {
    outcome: 'done',
    say: (a) => `Okta issued a one-time password reset link for ${a.name}; it goes only to ${a.email} by direct message.`,
    oktaRequestIds: compact([requestId]),
    resetLinkReference: reference,
  };
}

async function lock(directory: Directory, user: DirectoryUser): Promise<Draft> {
  if (user.status === 'SUSPENDED') {
    return { outcome: 'already_suspended', say: (a) => `${a.Whose} account is already suspended; nothing was changed.`, oktaRequestIds: [] };
  }
  try {
    const receipt = await directory.lock(user.id);
    return {
      outcome: 'done',
      say: (a) => `${a.Whose} account is now suspended and every Okta session was ended.`,
      oktaRequestIds: compact([receipt.suspendRequestId, receipt.sessionsRequestId]),
    };
  } catch (error) {
    if (!(error instanceof OktaError)) throw error;
    if (error.code === 'okta_wrong_state') {
      return {
        outcome: 'failed',
        say: (a) => `Okta only suspends active accounts, and ${a.whose} account is ${describeStatus(user.status)}; nothing was changed.`,
        failure: error.code,
        oktaRequestIds: requestIdsOf(error),
      };
    }
    const completed = error.completedSteps ?? [];
    if (!completed.some((step) => step.step === 'suspend')) throw error;
    return {
      outcome: 'failed',
      say: (a) => `${a.Whose} account is suspended, but Okta failed to end ${a.their} open sessions; ask one of the IT admins to end them in the Okta admin console.`,
      failure: error.code,
      oktaRequestIds: compact([...completed.map((step) => step.requestId), error.requestId]),
    };
  }
}

async function unlock(directory: Directory, user: DirectoryUser): Promise<Draft> {
  if (user.status !== 'LOCKED_OUT' && user.status !== 'SUSPENDED') {
    return {
      outcome: 'not_locked_out',
      say: (a) => `${a.Name} ${a.is} not locked out or suspended (the account is ${describeStatus(user.status)}); nothing was changed.`,
      oktaRequestIds: [],
    };
  }
  try {
    const receipt = await directory.unlock(user);
    const how = receipt.via === 'unlock' ? 'unlocked' : 'unsuspended';
    return { outcome: 'done', say: (a) => `${a.Whose} account is ${how} and active again.`, oktaRequestIds: compact([receipt.requestId]) };
  } catch (error) {
    if (error instanceof OktaError && error.code === 'okta_wrong_state') {
      return {
        outcome: 'not_locked_out',
        say: (a) => `Okta says ${a.name} ${a.is} not locked out; nothing was changed.`,
        oktaRequestIds: requestIdsOf(error),
      };
    }
    throw error;
  }
}

async function resetMfa(directory: Directory, user: DirectoryUser): Promise<Draft> {
  const receipt = await directory.resetFactors(user.id);
  return {
    outcome: 'done',
    say: (a) => `Every MFA factor of ${a.self ? 'yours' : a.name} was reset; ${a.they} will enroll again at ${a.their} next sign-in.`,
    oktaRequestIds: compact([receipt.requestId]),
  };
}

async function changeMembership(
  directory: Directory,
  user: DirectoryUser,
  kind: 'add_to_group' | 'remove_from_group',
  group: DirectoryGroup,
): Promise<Draft> {
  const member = await directory.isMember(user.id, group.id);
  if (kind === 'add_to_group') {
    if (member) return { outcome: 'already_member', say: (a) => `${a.Name} ${a.is} already in ${group.name}; nothing was changed.`, oktaRequestIds: [] };
    const receipt = await directory.addToGroup(user.id, group.id);
    return { outcome: 'done', say: (a) => `${a.Name} ${a.was} added to ${group.name}.`, oktaRequestIds: compact([receipt.requestId]) };
  }
  if (!member) return { outcome: 'not_member', say: (a) => `${a.Name} ${a.is} not in ${group.name}; nothing was changed.`, oktaRequestIds: [] };
  const receipt = await directory.removeFromGroup(user.id, group.id);
  return { outcome: 'done', say: (a) => `${a.Name} ${a.was} removed from ${group.name}.`, oktaRequestIds: compact([receipt.requestId]) };
}

function requestIdsOf(error: unknown): string[] {
  return error instanceof OktaError && error.requestId ? [error.requestId] : [];
}

function compact(ids: Array<string | undefined>): string[] {
  return ids.filter((id): id is string => Boolean(id));
}
