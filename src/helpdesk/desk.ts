// The help desk's decision point. A tool asks here before any Okta write: the requester comes from
// the verified identity the caller set, never from model arguments; the policy decides; a write
// then runs now, waits for a confirmation or an approval click, or is refused. Clicks come back
// here, are checked again, and run exactly the stored action. Everything is audited, each row with
// the Okta calls made so far for the turn or click it belongs to (the sources the person is shown).
import type { AuditLog, AuditOutcome } from '../audit/index.js';
import { oktaCallsSoFar, recordOktaCalls, type Directory, type DirectoryGroup, type DirectoryUser, type OktaCall } from '../okta/index.js';
import { canApprove, decide, insteadFor, roleOf, sameEmail, someoneOf, type Action, type Decision, type HelpdeskPolicy, type Person, type Role, type Target } from '../policy/index.js';
import { executeAction, type ActionOutcome, type Fresh, type WriteAction } from './actions.js';
import type { PendingAction, PendingActionStore } from './pending-actions.js';
import type { ResetLinkVault } from './reset-link-vault.js';
import { askHelpdeskIn, describeAction, groupNotFoundSummary, isNotifiedAction, notFoundSummary, oktaFailure, ownerNoticeText, personName } from './wording.js';

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
  /** Cancelled, rejected or expired: replace the card; for approvals, tell the requester. */
  | { kind: 'closed'; cardText: string; pending: PendingAction; requesterNotice?: string }
  /**
   * `outcome.resetLinkReference`: a reset link in the vault, for the Slack layer to deliver to its
   * owner. `oktaCalls`: every Okta call of this click (its checks and the action), the outcome's sources.
   */
  | { kind: 'executed'; cardText: string; pending: PendingAction; outcome: ActionOutcome; requesterNotice?: string; ownerNotice?: OwnerNotice; oktaCalls: OktaCall[] };

type Resolved = { person: Person; user: DirectoryUser | null };

const REQUESTER_CACHE_MS = 60_000;
/** Role groups rarely change; their ids are looked up again after this long. */
const ROLE_GROUPS_CACHE_MS = 5 * 60_000;
const REQUESTER_CACHE_MAX = 1000;
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
  async function authorizeClick(pending: PendingAction, choice: ClickChoice, clicker: Clicker): Promise<{ refused: string } | Fresh> {
    if (pending.kind === 'confirm') {
      const isRequester = pending.requester.slackUserId ? pending.requester.slackUserId === clicker.slackUserId : sameEmail(pending.requester.email, clicker.email);
      if (!isRequester) return { refused: 'Only the person who asked can confirm or cancel this; nothing was changed.' };
      if (choice === 'cancel') return {};
    }
    // The requester's groups as cached for their requests (at most a minute old); approvers fresh.
    const requester = await resolve(pending.requester.email, { cached: true });
    const policy = await decisionPolicy();
    const { target, freshUser, group } = await targetOf(requester, pending.action, { freshSelf: true });
    const fresh = { user: freshUser, group: group ?? undefined };
    if (pending.kind === 'confirm') {
      if (decide(policy, requester.person, pending.action.kind, target).outcome !== 'confirm') {
        return { refused: 'Something changed since you asked (your permissions or the state of the account), so I did not do it; nothing was changed. Ask again.' };
      }
      return fresh;
    }
    const approver = await resolve(clicker.email, { cached: false });
    if (!canApprove(policy, approver.person, { requester: requester.person, action: pending.action.kind, target })) {
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
      const pending = await deps.pending.create({ kind: 'approval', action, requester: requesterRecord, origin, approverRoles: decision.approverRoles, reason });
      await audit(requester, action.kind, action.targetEmail, 'approval_requested', what);
      return { outcome: 'approval_requested', pendingActionId: pending.id, summary: `This needs approval by ${approvers}. I've sent them the request: ${whatForYou} I'll tell you here when they decide.` };
    },

    /** A button on a confirmation or approval card. Runs the stored action at most once. */
    async click(pendingId: string, choice: ClickChoice, clicker: Clicker): Promise<DistributiveOmit<ClickResult, 'oktaCalls'>> {
      const pending = await deps.pending.get(pendingId);
      if (!pending) return refusal('unknown');
      const approving = choice === 'approve' || choice === 'reject';
      if (approving !== (pending.kind === 'approval')) return { kind: 'refused', message: 'That button does not belong to this request; nothing was changed.' };

      let allowed: Fresh;
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
      const claim = await deps.pending.claim(pendingId);
      if ('refused' in claim) {
        if (claim.refused !== 'expired' || !claim.action) return refusal(claim.refused);
        await audit(who, actionKind, targetEmail, 'expired');
        return { kind: 'closed', cardText: 'This request expired, so nothing was changed. Ask again if you still need it.', pending };
      }
      await audit(who, actionKind, targetEmail, choice === 'confirm' ? 'confirmed' : 'approved');
      const outcome = await runAndAudit({ email: pending.requester.email, slackUserId: pending.requester.slackUserId }, pending.action, allowed);
      await deps.pending.finish(pendingId, outcome.outcome);
      return {
        kind: 'executed',
        // An approval card is read by approvers; a confirmation card sits in the requester's thread.
        cardText: pending.kind === 'approval' ? outcome.summaryForOthers : outcome.summary,
        pending,
        outcome,
        requesterNotice: pending.kind === 'approval' ? `Approved by ${clicker.email}. ${outcome.summary}` : undefined,
        ownerNotice: ownerNoticeFor(pending.action, outcome, pending.requester.email, pending.kind === 'approval' ? clicker.email : undefined),
      };
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
  return {
    ...desk,
    /** A click, recorded: its audit rows and an executed outcome carry the Okta calls it made. */
    async click(pendingId: string, choice: ClickChoice, clicker: Clicker): Promise<ClickResult> {
      const { result, calls } = await recordOktaCalls(() => desk.click(pendingId, choice, clicker));
      return result.kind === 'executed' ? { ...result, oktaCalls: calls } : result;
    },
  };
}

export type Desk = ReturnType<typeof createDesk>;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function refusal(reason: 'unknown' | 'already_handled' | 'expired'): ClickResult {
  const messages = {
    unknown: "I can't find that request any more; nothing was changed.",
    already_handled: 'This request was already handled; nothing more was done.',
    expired: 'This request expired, so nothing was changed.',
  };
  return { kind: 'refused', message: messages[reason] };
}
