// Who may do what: pure functions from (policy, requester, action, target) to a decision.
import { insteadFor, roleWords, someoneOf } from './role-words.js';
import { GROUP_ACTIONS, ROLES, type Action, type Decision, type HelpdeskPolicy, type Person, type Role, type Rule, type Target } from './types.js';

const rank = (role: Role): number => ROLES.indexOf(role);
const STRONGEST: Role = ROLES[ROLES.length - 1];

const WHAT: Record<Action, { self: string; other: string }> = {
  lookup: { self: 'look up your own account', other: "look up someone else's account" },
  reset_password: { self: 'reset your own password', other: "reset someone else's password" },
  lock: { self: 'lock your own account', other: "lock someone else's account" },
  unlock: { self: 'unlock your own account', other: "unlock someone else's account" },
  reset_mfa: { self: 'reset your own MFA', other: "reset someone else's MFA" },
  add_to_group: { self: 'add yourself to a group', other: 'add someone else to a group' },
  remove_from_group: { self: 'remove yourself from a group', other: 'remove someone else from a group' },
};

export const sameEmail = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

/** The strongest role any of the groups maps to; no mapped group means employee. */
export function roleOf(policy: HelpdeskPolicy, groups: readonly string[]): Role {
  if (groups.some((group) => policy.roles.admin.includes(group))) return 'admin';
  if (groups.some((group) => policy.roles.helpdesk.includes(group))) return 'helpdesk';
  return 'employee';
}

export function decide(policy: HelpdeskPolicy, requester: Person, action: Action, target: Target): Decision {
  const requesterRole = roleOf(policy, requester.groups);
  const self = sameEmail(requester.email, target.email);
  const scope = self ? 'self' : 'other';
  const rule = policy.grants[action][scope][requesterRole];
  /** `rule`: the rule that stops it, as an IT admin is told it. */
  const deny = (reason: string, rule: string): Decision => ({ outcome: 'deny', reason, instead: insteadFor(policy, requesterRole, rule) });

  if (rule === 'deny') {
    const whose = scope === 'self' ? 'your own account' : "someone else's account";
    return deny(notPermittedReason(policy, action, scope), `the policy's "${action}" grant on ${whose} is "deny" for IT admins (HELPDESK_POLICY file)`);
  }
  if (action === 'lookup') return ruleToDecision(rule);

  // Writes: nobody changes an account whose role is stronger than their own (protected targets).
  const targetRole = self ? requesterRole : target.groups && roleOf(policy, target.groups);
  if (targetRole === undefined && requesterRole !== STRONGEST) {
    return deny(`I could not check ${target.email}'s groups, so I can't tell whether their account is protected.`, 'an account whose groups are unknown may be protected');
  }
  if (targetRole !== undefined && rank(targetRole) > rank(requesterRole)) {
    const strongEnough = ROLES.filter((role) => rank(role) >= rank(targetRole));
    return deny(
      `${target.email} is ${roleWords(targetRole).member}, so only ${someoneOf(strongEnough)} can change that account.`,
      'nobody changes an account whose role is stronger than their own',
    );
  }

  let decision = ruleToDecision(rule);
  if (GROUP_ACTIONS.includes(action)) {
    if (!target.group) return deny('I need the name of the group to decide on a group change.', 'a group change needs the exact group');
    // Groups that grant a role are changed only by the strongest role, directly or by approval.
    const grantedRole = roleOf(policy, [target.group.id]);
    if (grantedRole !== 'employee' && requesterRole !== STRONGEST) {
      if (decision.outcome !== 'needs_approval') {
        return deny(
          `${target.group.name} gives ${roleWords(grantedRole).rights} rights; only ${someoneOf([STRONGEST])} can change who is in it.`,
          'only IT admins change who is in a role group',
        );
      }
      decision = { outcome: 'needs_approval', approverRoles: [STRONGEST] };
    }
  }
  if (action === 'unlock' && self && target.status === 'SUSPENDED' && decision.outcome !== 'needs_approval') {
    decision = { outcome: 'needs_approval', approverRoles: ['helpdesk', 'admin'] };
  }
  if (decision.outcome === 'needs_approval') {
    // Approvers must be at least as strong as the account they approve a change to.
    const floor = rank(targetRole ?? STRONGEST);
    const approverRoles = decision.approverRoles.filter((role) => rank(role) >= floor);
    if (approverRoles.length === 0) {
      return deny(`Nobody is allowed to approve this for ${target.email}.`, 'approvers must be at least as strong as the account they approve a change to');
    }
    decision = { outcome: 'needs_approval', approverRoles };
  }
  return decision;
}

/**
 * Whether the account's owner must approve an Okta Verify push before this action runs: the policy's
 * `verify` for the requester's role, on their own account (`self`) or someone else's (`other`, the
 * push then goes to the target). Only writes are verified; the desk decides what a missing push factor means.
 */
export function needsVerification(policy: HelpdeskPolicy, requester: Person, action: Action, target: Pick<Target, 'email'>): boolean {
  if (action === 'lookup') return false;
  return policy.grants[action].verify[sameEmail(requester.email, target.email) ? 'self' : 'other'][roleOf(policy, requester.groups)];
}

/** A pending approval: who asked, for what. The approver's groups must be freshly resolved. */
export type ApprovalRequest = { requester: Person; action: Action; target: Target };

/**
 * True when the approver may approve this request: the request (decided again now) still needs
 * approval, the approver's role is among the approver roles, and the approver is neither the
 * requester nor the target — nobody approves a change they asked for or a change to their own account.
 */
export function canApprove(policy: HelpdeskPolicy, approver: Person, request: ApprovalRequest): boolean {
  const decision = decide(policy, request.requester, request.action, request.target);
  if (decision.outcome !== 'needs_approval') return false;
  if (sameEmail(approver.email, request.requester.email) || sameEmail(approver.email, request.target.email)) return false;
  return decision.approverRoles.includes(roleOf(policy, approver.groups));
}

function ruleToDecision(rule: Exclude<Rule, 'deny'>): Decision {
  if (rule === 'allow' || rule === 'confirm') return { outcome: rule };
  return { outcome: 'needs_approval', approverRoles: [...rule.approvalBy] };
}

function notPermittedReason(policy: HelpdeskPolicy, action: Action, scope: 'self' | 'other'): string {
  const permitted = ROLES.filter((role) => policy.grants[action][scope][role] !== 'deny');
  if (permitted.length === 0) return `Nobody can ${WHAT[action][scope]} through this bot.`;
  return `Only ${someoneOf(permitted)} can ${WHAT[action][scope]}.`;
}
