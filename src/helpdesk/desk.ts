// The help desk's decision point. A tool asks here before any Okta write: the requester comes from
// the verified identity the caller set, never from model arguments; the policy decides; a write
// then runs now, waits for a confirmation or an approval click, or is refused. Clicks come back
// here, are checked again, and run exactly the stored action. Everything is audited, each row with
// the Okta calls made so far for the turn or click it belongs to (the sources the person is shown).
// Where the policy asks for it (`verify`), a confirmed action first waits for an Okta Verify push
// with number matching to be approved on the account owner's phone (verification.ts); no model is involved.
import type { AuditLog, AuditOutcome } from '../audit/index.js';
import { oktaCallsSoFar, recordOktaCalls, type Directory, type DirectoryGroup, type DirectoryUser, type OktaCall } from '../okta/index.js';
import { canApprove, decide, insteadFor, needsVerification, roleOf, ROLES, sameEmail, someoneOf, type Action, type Decision, type HelpdeskPolicy, type Person, type Role, type Target } from '../policy/index.js';
import { executeAction, type ActionOutcome, type Fresh, type WriteAction } from './actions.js';
import type { PendingAction, PendingActionStore } from './pending-actions.js';
import type { ResetLinkVault } from './reset-link-vault.js';
import { activePushFactor, waitForPush, type VerificationTiming } from './verification.js';
import {
  askHelpdeskIn,
  describeAction,
  groupNotFoundSummary,
  isNotifiedAction,
  notFoundSummary,
  oktaFailure,
  ownerNoticeText,
  personName,
  pushNumberText,
  unverifiedNoteText,
  verificationEndText,
  verificationOwnerNotice,
  waitingForPushText,
  type VerificationEnd,
} from './wording.js';

/** A person whose identity was verified by code (Slack's signed user id -> users.info email). */
export type VerifiedRequester = { email: string; slackUserId?: string; teamId?: string; channelId?: string; threadTs?: string };

export type DeskDeps = {
  directory: Directory;
  resetLinks: ResetLinkVault;
  policy: HelpdeskPolicy;
  audit: AuditLog;
  pending: PendingActionStore;
  /** HELPDESK_CHANNEL: where employees get human help; refusals send them there instead of the policy's `instead`. */
  helpdeskChannel?: string;
  now?: () => number;
  /** How often and how long an Okta Verify push is polled (defaults: every 2 s, at most ~5 min). */
  verification?: VerificationTiming;
};

/** A DM for an account's owner: someone else changed their account through the help desk. */
export type OwnerNotice = { email: string; text: string };

export type DeskAnswer = {
  outcome: ActionOutcome['outcome'] | 'denied' | 'confirmation_requested' | 'approval_requested';
  summary: string;
  failure?: ActionOutcome['failure'];
  pendingActionId?: string;
  resetLinkReference?: string;
  ownerNotice?: OwnerNotice;
};

/** A read's answer from the policy: allowed, or the refusal to show. */
export type ReadVerdict = { allowed: true } | { allowed: false; summary: string };

export type Clicker = { slackUserId?: string; email: string };
export type ClickChoice = 'confirm' | 'cancel' | 'approve' | 'reject';

/** An action a stopped process had claimed: its cards and the requester learn it may be half done. */
export type InterruptedAction = { pending: PendingAction; cardText: string };

export type ClickResult =
  /** Nothing happened; tell only the clicker. */
  | { kind: 'refused'; message: string }
  /**
   * Cancelled, rejected, expired or not verified: replace the card; for approvals, tell the requester.
   * `approvalRequest`: the confirmation became this approval request (no push factor to verify with); send its card.
   */
  | { kind: 'closed'; cardText: string; pending: PendingAction; requesterNotice?: string; ownerNotice?: OwnerNotice; approvalRequest?: PendingAction; ended?: 'not_verified' | 'sent_for_approval' }
  /**
   * An Okta Verify push was sent: the card says it waits, the requester gets `numberText` by DM, and
   * awaitVerification then gives the final result. Nothing has run yet.
   */
  | { kind: 'verifying'; cardText: string; pending: PendingAction; numberText: string }
  /**
   * `outcome.resetLinkReference`: a reset link in the vault, for the Slack layer to deliver to its
   * owner. `oktaCalls`: every Okta call of this click (its checks, any verification and the action), the outcome's sources.
   */
  | { kind: 'executed'; cardText: string; pending: PendingAction; outcome: ActionOutcome; requesterNotice?: string; ownerNotice?: OwnerNotice; oktaCalls: OktaCall[] };

/**
 * An approval that replaced a confirmation the requester could not verify (no push factor): the
 * requester may still do it with a confirmation, the approver has one of the stored approver roles and
 * is neither the requester nor the account's owner.
 */
function mayApproveUnverified(policy: HelpdeskPolicy, pending: PendingAction, approver: Person, requester: Person, target: Target): boolean {
  if (!pending.unverifiedNote || decide(policy, requester, pending.action.kind, target).outcome !== 'confirm') return false;
  if (sameEmail(approver.email, requester.email) || sameEmail(approver.email, target.email)) return false;
  return pending.approverRoles.includes(roleOf(policy, approver.groups));
}

/** A result that changes the card (everything but a refusal, which only the clicker sees). */
export type CardResult = Exclude<ClickResult, { kind: 'refused' }>;

type Resolved = { person: Person; user: DirectoryUser | null };

/** A click allowed to proceed: what was read for it, and whether the policy wants a push first. */
type Allowed = Fresh & { verify: boolean };

const REQUESTER_CACHE_MS = 60_000;
/** Role groups rarely change; their ids are looked up again after this long. */
const ROLE_GROUPS_CACHE_MS = 5 * 60_000;
const REQUESTER_CACHE_MAX = 1000;
const ALREADY_PUSHED = 'I already sent the Okta Verify push for this and am waiting for it; nothing more was done.';
/** How far back an unverified request's approval card looks for what was done on the account. */
const RECENT_ACTIVITY_MS = 24 * 60 * 60_000;
export function createDesk(deps: DeskDeps) {
  const now = deps.now ?? Date.now;
  const instead = deps.helpdeskChannel ? askHelpdeskIn(deps.helpdeskChannel) : deps.policy.instead;
  const requesterCache = new Map<string, { resolved: Resolved; at: number }>();
  let roleGroups: { at: number; policy: Promise<HelpdeskPolicy> } | undefined;

  /**
   * The policy as `decide` needs it: each role's group names resolved to Okta group ids, once (with
   * the directory's one name rule), so roles are compared by id and never by how a name is spelled.
   * A failed lookup is not cached: "Okta did not answer" must not become "nobody is an admin".
   */
  function decisionPolicy(): Promise<HelpdeskPolicy> {
    if (roleGroups && now() - roleGroups.at < ROLE_GROUPS_CACHE_MS) return roleGroups.policy;
    const idsOf = async (names: string[]) => (await Promise.all(names.map((name) => deps.directory.findGroup(name)))).flatMap((group) => (group ? [group.id] : []));
    const policy = Promise.all([idsOf(deps.policy.roles.admin), idsOf(deps.policy.roles.helpdesk)]).then(([admin, helpdesk]) => ({ ...deps.policy, roles: { admin, helpdesk }, instead }));
    roleGroups = { at: now(), policy };
    policy.catch(() => (roleGroups = undefined));
    return policy;
  }

  /** Okta user and group ids; requesters are cached briefly, everyone else is read fresh. */
  async function resolve(email: string, { cached }: { cached: boolean }): Promise<Resolved> {
    const key = email.toLowerCase();
    const hit = requesterCache.get(key);
    if (cached && hit && now() - hit.at < REQUESTER_CACHE_MS) return hit.resolved;
    const user = await deps.directory.findUserByEmail(key);
    const groups = user ? (await deps.directory.listUserGroups(user.id)).map((g) => g.id) : [];
    const resolved = { person: { email: key, groups }, user };
    if (cached) {
      if (requesterCache.size >= REQUESTER_CACHE_MAX) requesterCache.delete(requesterCache.keys().next().value as string);
      requesterCache.set(key, { resolved, at: now() });
    }
    return resolved;
  }

  /**
   * The target as the policy needs it. Someone else: read fresh, since their groups decide whether
   * the account is protected. Yourself: the cached requester's groups; at a click (`freshSelf`) the
   * account itself is read again, since its status decides too (lifting your own suspension needs
   * approval) and the write needs that read anyway.
   */
  async function targetOf(
    requester: Resolved,
    action: WriteAction,
    { freshSelf }: { freshSelf: boolean },
  ): Promise<{ target: Target; user: DirectoryUser | null; freshUser?: DirectoryUser; group?: DirectoryGroup | null }> {
    const email = action.targetEmail;
    const self = sameEmail(requester.person.email, email);
    const resolved = self ? requester : await resolve(email, { cached: false });
    const user = self && freshSelf ? await deps.directory.findUserByEmail(email.toLowerCase()) : resolved.user;
    // The group is found once, here: the decision and the write both use this group's id.
    const group = 'groupName' in action ? await deps.directory.findGroup(action.groupName) : undefined;
    const target = { email: email.toLowerCase(), groups: resolved.person.groups, group: group ?? undefined, status: user?.status };
    return { target, user, freshUser: self && !freshSelf ? undefined : (user ?? undefined), group };
  }

  function audit(requester: { email: string; slackUserId?: string }, action: Action, target: string, outcome: AuditOutcome, detail?: string, oktaRequestId?: string) {
    return deps.audit.record({ requesterEmail: requester.email, slackUserId: requester.slackUserId, action, target, outcome, detail, oktaRequestId, oktaCalls: oktaCallsSoFar() });
  }

  /**
   * The owner's DM when this write changed someone else's account. A reset link needs none: its
   * own DM says who asked for it.
   */
  function ownerNoticeFor(action: WriteAction, outcome: ActionOutcome, requesterEmail: string, approverEmail?: string): OwnerNotice | undefined {
    if (outcome.outcome !== 'done' || sameEmail(requesterEmail, action.targetEmail) || !isNotifiedAction(action)) return undefined;
    return { email: action.targetEmail, text: ownerNoticeText(action, { requesterEmail, approverEmail, at: new Date(now()), now: now() }) };
  }

  async function runAndAudit(who: { email: string; slackUserId?: string }, action: WriteAction, fresh: Fresh): Promise<ActionOutcome> {
    const outcome = await executeAction(deps, action, fresh, { requestedBy: who.email });
    await audit(who, action.kind, action.targetEmail, outcome.outcome === 'failed' ? 'failed' : 'executed', `${outcome.outcome}: ${outcome.summaryForOthers}`, outcome.oktaRequestIds.join(',') || undefined);
    return outcome;
  }

  /** Who may press this button now: the requester for a confirmation, an allowed approver otherwise. */
  async function authorizeClick(pending: PendingAction, choice: ClickChoice, clicker: Clicker): Promise<{ refused: string } | Allowed> {
    if (pending.kind === 'confirm') {
      const isRequester = pending.requester.slackUserId ? pending.requester.slackUserId === clicker.slackUserId : sameEmail(pending.requester.email, clicker.email);
      if (!isRequester) return { refused: 'Only the person who asked can confirm or cancel this; nothing was changed.' };
      if (choice === 'cancel') return { verify: false };
    }
    // The requester's groups as cached for their requests (at most a minute old); approvers fresh.
    const requester = await resolve(pending.requester.email, { cached: true });
    const policy = await decisionPolicy();
    const { target, freshUser, group } = await targetOf(requester, pending.action, { freshSelf: true });
    const fresh = { user: freshUser, group: group ?? undefined, verify: needsVerification(policy, requester.person, pending.action.kind, target) };
    if (pending.kind === 'confirm') {
      if (decide(policy, requester.person, pending.action.kind, target).outcome !== 'confirm') {
        return { refused: 'Something changed since you asked (your permissions or the state of the account), so I did not do it; nothing was changed. Ask again.' };
      }
      return fresh;
    }
    const approver = await resolve(clicker.email, { cached: false });
    if (!canApprove(policy, approver.person, { requester: requester.person, action: pending.action.kind, target }) && !mayApproveUnverified(policy, pending, approver.person, requester.person, target)) {
      return { refused: "You can't approve or reject this request (it must be someone with the right role, and not the person it concerns); nothing was changed." };
    }
    return fresh;
  }

  /** Active members of the approver roles' groups, never the requester or the person the request is about. */
  async function approversOf(roles: readonly Role[], requesterEmail: string, targetEmail: string): Promise<string[]> {
    const policy = await decisionPolicy();
    const groupIds = roles.flatMap((role) => (role === 'employee' ? [] : policy.roles[role]));
    const emails = new Set<string>();
    for (const groupId of groupIds) {
      for (const member of await deps.directory.listGroupMembers(groupId)) {
        if (member.status === 'ACTIVE' && !sameEmail(member.email, requesterEmail) && !sameEmail(member.email, targetEmail)) emails.add(member.email.toLowerCase());
      }
    }
    return [...emails];
  }

  /** The policy's "lookup" of someone else's account; `target` names it in the audit log. */
  async function lookupOfOthers(requester: VerifiedRequester, target: string): Promise<ReadVerdict> {
    const me = await resolve(requester.email, { cached: true });
    // Decided for "someone else": no email equals the requester's, whatever `target` says.
    const decision = decide(await decisionPolicy(), me.person, 'lookup', { email: '' });
    if (decision.outcome !== 'deny') return { allowed: true };
    await audit(requester, 'lookup', target, 'denied', decision.reason);
    return { allowed: false, summary: `${decision.reason} ${decision.instead}` };
  }

  /**
   * Runs a claimed action, records its outcome and words the result for the card and the people
   * concerned. Called inside a recorded click or verification wait: its sources are every Okta call of that work.
   */
  async function executeClaimed(pending: PendingAction, choice: 'confirm' | 'approve', clicker: Clicker, allowed: Fresh): Promise<CardResult> {
    const outcome = await runAndAudit(pending.requester, pending.action, allowed);
    await deps.pending.finish(pending.id, outcome.outcome);
    return {
      kind: 'executed',
      // An approval card is read by approvers; a confirmation card sits in the requester's thread.
      cardText: pending.kind === 'approval' ? outcome.summaryForOthers : outcome.summary,
      pending,
      outcome,
      requesterNotice: pending.kind === 'approval' ? `Approved by ${clicker.email}. ${outcome.summary}` : undefined,
      ownerNotice: ownerNoticeFor(pending.action, outcome, pending.requester.email, choice === 'approve' ? clicker.email : undefined),
      oktaCalls: oktaCallsSoFar(),
    };
  }

  /**
   * A confirmed action the policy wants verified: one push (the claim into `verifying` happens once,
   * however often Confirm is clicked) to the account's Okta Verify, the number for the requester.
   * Undefined when the account has no push factor and the help desk acts on someone else's account:
   * the confirmation alone then decides, as before.
   */
  async function startVerification(pending: PendingAction, user: DirectoryUser): Promise<ClickResult | undefined> {
    const factor = await activePushFactor(deps.directory, user.id);
    const self = sameEmail(pending.requester.email, user.email);
    if (!factor) return self ? approvalInstead(pending) : undefined;
    const claim = await deps.pending.claimForVerification(pending.id);
    if ('refused' in claim) {
      if (claim.action?.status === 'verifying') return { kind: 'refused', message: ALREADY_PUSHED };
      return refusal(claim.refused);
    }
    const { requester } = pending;
    await audit(requester, pending.action.kind, pending.action.targetEmail, 'confirmed');
    let sent;
    try {
      sent = await deps.directory.startPushVerification(user.id, factor.id);
    } catch (error) {
      await deps.pending.endVerification(pending.id, 'failed');
      const failure = oktaFailure(error);
      await audit(requester, pending.action.kind, pending.action.targetEmail, 'not_verified', `push not sent: ${failure.failure}`);
      return { kind: 'closed', cardText: `I couldn't send the Okta Verify push. ${failure.summary}`, pending, ended: 'not_verified' };
    }
    await deps.pending.recordVerification(pending.id, { userId: user.id, factorId: factor.id, transactionId: sent.transactionId, correctAnswer: sent.correctAnswer, expiresAt: sent.expiresAt, sentAt: now() });
    await audit(requester, pending.action.kind, pending.action.targetEmail, 'verification_requested', `Okta Verify push sent to ${user.email}`, sent.requestId);
    const name = personName(user);
    return {
      kind: 'verifying',
      pending,
      cardText: waitingForPushText(self, name),
      numberText: pushNumberText({ correctAnswer: sent.correctAnswer, what: describeAction(pending.action, { name, self }), self, name, until: sent.expiresAt, now: now() }),
    };
  }

  /** "Identity NOT verified: <why> Recently on this account: ..." from the last day of the audit log. */
  async function unverifiedNote(targetEmail: string, why: string): Promise<string> {
    const since = now() - RECENT_ACTIVITY_MS;
    const recent = (await deps.audit.list({ target: targetEmail, limit: 50 })).filter((entry) => Date.parse(entry.at) >= since);
    return unverifiedNoteText(why, recent, now());
  }

  /**
   * Your own confirmed action with no push factor to prove it is you: it becomes an approval request to
   * the help desk (anyone at least as strong as you), whose card says the identity was not verified.
   */
  async function approvalInstead(pending: PendingAction): Promise<CardResult | ClickResult> {
    const policy = await decisionPolicy();
    const me = await resolve(pending.requester.email, { cached: true });
    const myRole = roleOf(policy, me.person.groups);
    const approverRoles = ROLES.filter((role) => role !== 'employee' && ROLES.indexOf(role) >= ROLES.indexOf(myRole));
    if ((await approversOf(approverRoles, pending.requester.email, pending.action.targetEmail)).length === 0) {
      const instead = insteadFor(policy, myRole, 'an action on your own account needs Okta Verify or someone else’s approval');
      return { kind: 'refused', message: `Your account has no Okta Verify push set up, so I cannot check that it is you, and nobody else can approve it; nothing was changed. ${instead}` };
    }
    const closed = await deps.pending.close(pending.id, 'cancelled');
    if ('refused' in closed) return refusal(closed.refused);
    const note = await unverifiedNote(pending.action.targetEmail, 'the account has no Okta Verify push factor, so the requester could not prove it is them.');
    const approval = await deps.pending.create({ kind: 'approval', action: pending.action, requester: pending.requester, origin: pending.origin, approverRoles, unverifiedNote: note });
    const { requester } = pending;
    await audit(requester, pending.action.kind, pending.action.targetEmail, 'approval_requested', `not verified (no push factor): ${describeAction(pending.action)}`);
    return {
      kind: 'closed',
      pending,
      approvalRequest: approval,
      ended: 'sent_for_approval',
      cardText: `Your account has no Okta Verify push set up, so I can't check that it is you. I've asked ${someoneOf(approverRoles)} to approve it instead; I'll tell you here when they decide. Nothing was changed yet.`,
    };
  }

  /** Ends a check that was not approved: nothing runs, the audit says why, the owner hears of a rejection or a timeout. */
  async function endUnverified(pending: PendingAction, end: VerificationEnd): Promise<CardResult | undefined> {
    if (!(await deps.pending.endVerification(pending.id, end))) return undefined;
    const { requester } = pending;
    await audit(requester, pending.action.kind, pending.action.targetEmail, 'not_verified', `Okta Verify: ${end}`);
    const self = sameEmail(pending.requester.email, pending.action.targetEmail);
    const ownerNotice =
      end === 'REJECTED' || end === 'TIMEOUT'
        ? { email: pending.action.targetEmail, text: verificationOwnerNotice(pending.action, { requesterEmail: pending.requester.email, self, end, now: now() }) }
        : undefined;
    return { kind: 'closed', cardText: verificationEndText(end), pending, ownerNotice, ended: 'not_verified' };
  }

  const desk = {
    /** Reads: may this requester look up that person? Undefined requester (Studio, API) may read. */
    async authorizeLookup(requester: VerifiedRequester | undefined, targetEmail: string): Promise<ReadVerdict> {
      if (!requester || sameEmail(requester.email, targetEmail)) return { allowed: true };
      return lookupOfOthers(requester, targetEmail);
    },

    /**
     * Directory queries ("who is locked out?") read other people's accounts, so the policy's lookup
     * of someone else decides for every requester; `what` (the query in words) is audited on a denial.
     */
    async authorizeQuery(requester: VerifiedRequester | undefined, what: string): Promise<ReadVerdict> {
      return requester ? lookupOfOthers(requester, what) : { allowed: true };
    },

    /** Writes: decide, then run now, store for a click, or refuse. */
    async request(requester: VerifiedRequester, action: WriteAction, reason?: string): Promise<DeskAnswer> {
      const me = await resolve(requester.email, { cached: true });
      const policy = await decisionPolicy();
      const { target, user, freshUser, group } = await targetOf(me, action, { freshSelf: false });
      if (group === null && 'groupName' in action) return { outcome: 'group_not_found', summary: groupNotFoundSummary(action.groupName) };
      const decision: Decision = decide(policy, me.person, action.kind, target);
      if (decision.outcome === 'deny') {
        await audit(requester, action.kind, action.targetEmail, 'denied', decision.reason);
        return { outcome: 'denied', summary: `${decision.reason} ${decision.instead}` };
      }
      if (!user) return { outcome: 'user_not_found', summary: notFoundSummary(action.targetEmail) };
      if (decision.outcome === 'allow') {
        await audit(requester, action.kind, action.targetEmail, 'decided_allow');
        const outcome = await runAndAudit(requester, action, { user: freshUser, group: group ?? undefined });
        return {
          outcome: outcome.outcome,
          summary: outcome.summary,
          failure: outcome.failure,
          resetLinkReference: outcome.resetLinkReference,
          ownerNotice: ownerNoticeFor(action, outcome, requester.email),
        };
      }
      const self = sameEmail(requester.email, action.targetEmail);
      const what = describeAction(action, { name: personName(user) });
      const whatForYou = describeAction(action, { name: personName(user), self });
      const origin = requester.channelId && requester.threadTs ? { channelId: requester.channelId, threadTs: requester.threadTs } : undefined;
      const requesterRecord = { email: requester.email.toLowerCase(), slackUserId: requester.slackUserId, teamId: requester.teamId };
      if (decision.outcome === 'confirm') {
        const pending = await deps.pending.create({ kind: 'confirm', action, requester: requesterRecord, origin });
        await audit(requester, action.kind, action.targetEmail, 'confirmation_requested', what);
        return { outcome: 'confirmation_requested', pendingActionId: pending.id, summary: `Please confirm: ${whatForYou}` };
      }
      const approvers = someoneOf(decision.approverRoles);
      // Nobody to send it to: say so now instead of a request that can never be decided.
      if ((await approversOf(decision.approverRoles, requester.email, action.targetEmail)).length === 0) {
        await audit(requester, action.kind, action.targetEmail, 'denied', `no approver: ${what}`);
        return {
          outcome: 'denied',
          summary: `This needs approval by ${approvers}, but nobody can approve it right now (the only people with that role are you or the person it is about); nothing was changed. ${insteadFor(policy, roleOf(policy, me.person.groups), 'nobody approves a change they asked for or a change to their own account')}`,
        };
      }
      // Approvals are not pushed (your own MFA reset is for a lost phone): the card says the identity is unverified.
      const unverified = self && needsVerification(policy, me.person, action.kind, target) ? await unverifiedNote(action.targetEmail, 'approval requests are not checked with an Okta Verify push (an MFA reset is asked for when the phone is lost).') : undefined;
      const pending = await deps.pending.create({ kind: 'approval', action, requester: requesterRecord, origin, approverRoles: decision.approverRoles, reason, unverifiedNote: unverified });
      await audit(requester, action.kind, action.targetEmail, 'approval_requested', what);
      return { outcome: 'approval_requested', pendingActionId: pending.id, summary: `This needs approval by ${approvers}. I've sent them the request: ${whatForYou} I'll tell you here when they decide.` };
    },

    /** A button on a confirmation or approval card. Runs the stored action at most once. */
    async click(pendingId: string, choice: ClickChoice, clicker: Clicker): Promise<ClickResult> {
      const pending = await deps.pending.get(pendingId);
      if (!pending) return refusal('unknown');
      const approving = choice === 'approve' || choice === 'reject';
      if (approving !== (pending.kind === 'approval')) return { kind: 'refused', message: 'That button does not belong to this request; nothing was changed.' };

      let allowed: Allowed;
      try {
        const verdict = await authorizeClick(pending, choice, clicker);
        if ('refused' in verdict) return { kind: 'refused', message: verdict.refused };
        allowed = verdict;
      } catch (error) {
        // Okta failed while checking who may click: nothing was claimed, the card still works.
        return { kind: 'refused', message: oktaFailure(error).summary };
      }

      const who = { email: clicker.email, slackUserId: clicker.slackUserId };
      const { kind: actionKind, targetEmail } = pending.action;
      if (choice === 'cancel' || choice === 'reject') {
        const closed = await deps.pending.close(pendingId, choice === 'cancel' ? 'cancelled' : 'rejected');
        if ('refused' in closed) return refusal(closed.refused);
        await audit(who, actionKind, targetEmail, choice === 'cancel' ? 'cancelled' : 'rejected');
        const cardText = choice === 'cancel' ? 'Cancelled; nothing was changed.' : `Rejected by ${clicker.email}; nothing was changed.`;
        return { kind: 'closed', cardText, pending, requesterNotice: pending.kind === 'approval' ? `Your request was rejected by ${clicker.email}; nothing was changed.` : undefined };
      }
      if (choice === 'confirm' && allowed.verify && allowed.user && pending.status === 'pending' && pending.expiresAt > now()) {
        try {
          const verifying = await startVerification(pending, allowed.user);
          if (verifying) return verifying;
        } catch (error) {
          // Okta failed before a push was sent (reading the factors): nothing was claimed, the card still works.
          return { kind: 'refused', message: oktaFailure(error).summary };
        }
      }
      const claim = await deps.pending.claim(pendingId);
      if ('refused' in claim) {
        if (claim.action?.status === 'verifying') return { kind: 'refused', message: ALREADY_PUSHED };
        if (claim.refused !== 'expired' || !claim.action) return refusal(claim.refused);
        await audit(who, actionKind, targetEmail, 'expired');
        return { kind: 'closed', cardText: 'This request expired, so nothing was changed. Ask again if you still need it.', pending };
      }
      await audit(who, actionKind, targetEmail, choice === 'confirm' ? 'confirmed' : 'approved');
      return executeClaimed(pending, choice === 'confirm' ? 'confirm' : 'approve', clicker, allowed);
    },

    /**
     * Waits (bounded) for the push of a `verifying` action and runs the action exactly once if it was
     * approved; otherwise nothing runs. Undefined when there is nothing more to say: `signal` aborted
     * (shutdown; the next start resumes it) or another caller already ended it.
     */
    async awaitVerification(pendingId: string, { signal }: { signal?: AbortSignal } = {}): Promise<CardResult | undefined> {
      const pending = await deps.pending.get(pendingId);
      if (!pending || pending.status !== 'verifying') return undefined;
      if (!pending.verification) return endUnverified(pending, 'interrupted');
      let result;
      try {
        result = await waitForPush(deps.directory, pending.verification, { now, signal, timing: deps.verification });
      } catch (error) {
        oktaFailure(error);
        return endUnverified(pending, 'failed');
      }
      if (result === 'interrupted') return undefined;
      if (result !== 'SUCCESS') return endUnverified(pending, result);
      const claimed = await deps.pending.claimVerified(pendingId);
      if (!claimed) return undefined;
      const { requester } = pending;
      await audit(requester, pending.action.kind, pending.action.targetEmail, 'verified', 'Okta Verify push approved');
      // Minutes may have passed: the decision is taken again now, as for any click.
      let allowed: { refused: string } | Allowed;
      try {
        allowed = await authorizeClick(claimed, 'confirm', requester);
      } catch (error) {
        allowed = { refused: oktaFailure(error).summary };
      }
      if ('refused' in allowed) {
        await deps.pending.finish(pendingId, 'refused');
        await audit(requester, pending.action.kind, pending.action.targetEmail, 'denied', allowed.refused);
        return { kind: 'closed', cardText: allowed.refused, pending: claimed };
      }
      return executeClaimed(claimed, 'confirm', requester, allowed);
    },

    /** At start-up: actions whose claimer stopped while waiting for a push; the caller awaits each with awaitVerification. */
    async verificationsToResume(): Promise<PendingAction[]> {
      return deps.pending.listVerifying();
    },

    /**
     * At start-up: actions claimed by a process that stopped before recording the outcome. Okta may
     * or may not have made the change, so they are closed as interrupted, audited, and worded as such.
     */
    async recoverInterrupted(): Promise<InterruptedAction[]> {
      const interrupted: InterruptedAction[] = [];
      for (const pending of await deps.pending.listExecuting()) {
        await deps.pending.finish(pending.id, 'interrupted');
        await audit(pending.requester, pending.action.kind, pending.action.targetEmail, 'failed', 'interrupted: the server stopped while this ran');
        const cardText = `The server restarted while this was running, so I can't tell whether Okta made the change: ${describeAction(pending.action)} Check the account before asking again.`;
        interrupted.push({ pending, cardText });
      }
      return interrupted;
    },

    /** Emails of the people who may approve a pending action (approval cards go to them by DM). */
    async approverEmails(pending: PendingAction): Promise<string[]> {
      return approversOf(pending.approverRoles, pending.requester.email, pending.action.targetEmail);
    },
  };
  /** Runs a click or a verification wait as one recorded piece of work: its audit rows and an executed outcome carry its Okta calls. */
  const recorded = async <T>(work: () => Promise<T>): Promise<T> => (await recordOktaCalls(work)).result;
  return {
    ...desk,
    click: (pendingId: string, choice: ClickChoice, clicker: Clicker) => recorded(() => desk.click(pendingId, choice, clicker)),
    awaitVerification: (pendingId: string, options?: { signal?: AbortSignal }) => recorded(() => desk.awaitVerification(pendingId, options)),
  };
}

export type Desk = ReturnType<typeof createDesk>;

function refusal(reason: 'unknown' | 'already_handled' | 'expired'): ClickResult {
  const messages = {
    unknown: "I can't find that request any more; nothing was changed.",
    already_handled: 'This request was already handled; nothing more was done.',
    expired: 'This request expired, so nothing was changed.',
  };
  return { kind: 'refused', message: messages[reason] };
}
