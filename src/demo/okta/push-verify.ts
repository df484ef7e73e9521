// Okta Verify push with number matching in the demo org: POST .../factors/{factorId}/verify sends a
// push (201 WAITING, the number in _embedded.challenge.correctAnswer), GET .../transactions/{id}
// reads it, and the demo person's "phone" answers it: the right number approves, a wrong number or
// a denial rejects, and an unanswered push times out at expiresAt (Okta's default: 300 s).
import { randomInt } from 'node:crypto';
import { notFound, validationFailed } from './errors.js';
import { oktaTime, randomToken } from './format.js';
import { findUser, type OrgState } from './org-state.js';
import type { Reply, Route, RouteContext } from './router.js';
import { logEvent, userTarget } from './system-log.js';
import type { FactorRecord, PushTransactionRecord, UserRecord } from './types.js';

/** Okta's default tokenLifetimeSeconds for a push; the query parameter may set 1..86400. */
export const DEFAULT_PUSH_LIFETIME_SECONDS = 300;

/** A push waiting on a demo person's phone: the three numbers Okta Verify shows, never which is right. */
export type PhonePush = { transactionId: string; choices: number[]; expiresAt: string; device: string };

/** What the person does on the phone: pick one of the numbers, or deny. */
export type PhoneAnswer = { pick: number } | 'deny';

function requirePushFactor(context: RouteContext): { user: UserRecord; factor: FactorRecord } {
  const user = findUser(context.state, context.params.user!);
  if (!user) throw notFound(context.params.user!, 'User');
  const factor = (context.state.factors.get(user.id) ?? []).find((candidate) => candidate.id === context.params.factor);
  if (!factor) throw notFound(context.params.factor!, 'Resource');
  return { user, factor };
}

/** Three different two-digit numbers, the right one among them at a random place. */
function numberChoices(): { correctAnswer: number; choices: number[] } {
  const choices = new Set<number>();
  while (choices.size < 3) choices.add(randomInt(10, 100));
  const list = [...choices];
  return { correctAnswer: list[randomInt(0, 3)]!, choices: list };
}

/** TIMEOUT once expiresAt has passed unanswered: the state is as Okta would report it now. */
function settle(push: PushTransactionRecord, now: Date): PushTransactionRecord {
  if (push.result === 'WAITING' && now.getTime() >= Date.parse(push.expiresAt)) push.result = 'TIMEOUT';
  return push;
}

function transactionJson(push: PushTransactionRecord, user: UserRecord, base: string): Record<string, unknown> {
  const factor = `${base}/api/v1/users/${user.id}/factors/${push.factorId}`;
  const poll = `${factor}/transactions/${push.id}`;
  if (push.result === 'SUCCESS') return { factorResult: 'SUCCESS' };
  const profile = { credentialId: user.profile.login };
  if (push.result !== 'WAITING') {
    return { factorResult: push.result, profile, _links: { verify: { href: `${factor}/verify`, hints: { allow: ['POST'] } }, factor: { href: factor, hints: { allow: ['GET', 'DELETE'] } } } };
  }
  return {
    factorResult: 'WAITING',
    expiresAt: push.expiresAt,
    profile,
    _links: { poll: { href: poll, hints: { allow: ['GET'] } }, cancel: { href: poll, hints: { allow: ['DELETE'] } } },
    ...(push.correctAnswer === null ? {} : { _embedded: { challenge: { correctAnswer: push.correctAnswer } } }),
  };
}

function lifetimeSeconds(context: RouteContext): number {
  const given = context.query.get('tokenLifetimeSeconds');
  if (given === null) return DEFAULT_PUSH_LIFETIME_SECONDS;
  const seconds = Number(given);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 86_400) throw validationFailed('tokenLifetimeSeconds', 'tokenLifetimeSeconds must be between 1 and 86400.');
  return seconds;
}

function verify(context: RouteContext): Reply {
  const { user, factor } = requirePushFactor(context);
  if (factor.factorType !== 'push') throw validationFailed('factorType', 'The demo org verifies push factors only.');
  const { body } = context;
  const numberMatching = typeof body === 'object' && body !== null && (body as Record<string, unknown>).useNumberMatchingChallenge === true;
  const { correctAnswer, choices } = numberChoices();
  const push: PushTransactionRecord = {
    id: `v2mst.${randomToken(22)}`,
    userId: user.id,
    factorId: factor.id,
    correctAnswer: numberMatching ? correctAnswer : null,
    choices: numberMatching ? choices : [],
    expiresAt: oktaTime(new Date(context.now.getTime() + lifetimeSeconds(context) * 1000)),
    result: 'WAITING',
  };
  context.state.pushes.set(push.id, push);
  context.record({ eventType: 'system.push.send_factor_verify_push', displayMessage: 'Push notification sent for verification', targets: [userTarget(user)] });
  return { status: 201, body: transactionJson(push, user, context.base) };
}

function transaction(context: RouteContext): Reply {
  const { user, factor } = requirePushFactor(context);
  const push = context.state.pushes.get(context.params.transaction!);
  if (!push || push.userId !== user.id || push.factorId !== factor.id) throw notFound(context.params.transaction!, 'Resource');
  return { status: 200, body: transactionJson(settle(push, context.now), user, context.base) };
}

export const PUSH_ROUTES: Route[] = [
  { method: 'POST', pattern: '/api/v1/users/:user/factors/:factor/verify', handle: verify },
  { method: 'GET', pattern: '/api/v1/users/:user/factors/:factor/transactions/:transaction', handle: transaction },
];

/** The pushes waiting on this person's phone now, oldest first. */
export function waitingPushes(state: OrgState, email: string, now: Date): PhonePush[] {
  const user = findUser(state, email);
  if (!user) return [];
  const device = (factorId: string) => state.factors.get(user.id)?.find((factor) => factor.id === factorId)?.profile.name ?? 'phone';
  return [...state.pushes.values()]
    .filter((push) => push.userId === user.id && settle(push, now).result === 'WAITING')
    .map((push) => ({ transactionId: push.id, choices: [...push.choices], expiresAt: push.expiresAt, device: device(push.factorId) }));
}

/**
 * The person answers on their phone. The right number approves (SUCCESS); a wrong number or a
 * denial rejects (REJECTED), as Okta Verify does. Undefined when no such push is still waiting.
 */
export function answerPush(state: OrgState, transactionId: string, answer: PhoneAnswer, now: Date): 'SUCCESS' | 'REJECTED' | undefined {
  const push = state.pushes.get(transactionId);
  if (!push || settle(push, now).result !== 'WAITING') return undefined;
  const approved = answer !== 'deny' && (push.correctAnswer === null || answer.pick === push.correctAnswer);
  const result = approved ? 'SUCCESS' : 'REJECTED';
  push.result = result;
  const user = state.users.get(push.userId)!;
  const change = approved
    ? { eventType: 'user.authentication.auth_via_mfa', displayMessage: 'Authentication of user via MFA', outcome: { result: 'SUCCESS', reason: null } }
    : { eventType: 'user.mfa.okta_verify.deny_push', displayMessage: answer === 'deny' ? 'User rejected Okta push verify' : 'User picked the wrong number in Okta Verify', outcome: { result: 'DENY', reason: null } };
  const phone = { requestId: randomToken(32), ip: '203.0.113.7', userAgent: 'Okta Verify', uri: `/api/v1/users/${user.id}/factors/${push.factorId}/transactions/${push.id}` };
  state.logs.push(logEvent({ ...change, targets: [userTarget(user)], actor: { ...userTarget(user), type: 'User' } }, phone, now));
  return result;
}
