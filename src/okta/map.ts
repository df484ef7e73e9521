// Converts the SDK's model instances into the plain Directory* records (ISO dates, nulls not undefined).
import type { Application, AssignedAppLink, Group, LogEvent, User, UserFactor, UserFactorPushTransaction, UserFactorVerifyResponse, UserFactorVerifyResponseWaiting } from '@okta/okta-sdk-nodejs';
import { OktaError } from './errors.js';
import {
  OKTA_USER_STATUSES,
  PUSH_RESULTS,
  type DirectoryApp,
  type DirectoryAppLink,
  type PushChallenge,
  type PushResult,
  type DirectoryFactor,
  type DirectoryGroup,
  type DirectoryLogEvent,
  type DirectoryUser,
  type OktaUserStatus,
} from './types.js';

export function toDirectoryUser(user: User): DirectoryUser {
  const p = user.profile ?? {};
  return {
    id: user.id ?? '',
    status: toStatus(user.status),
    login: p.login ?? '',
    email: p.email ?? '',
    firstName: p.firstName ?? '',
    lastName: p.lastName ?? '',
    displayName: p.displayName ?? null,
    department: p.department ?? null,
    title: p.title ?? null,
    created: toIso(user.created) ?? '',
    statusChanged: toIso(user.statusChanged),
    lastLogin: toIso(user.lastLogin),
    passwordChanged: toIso(user.passwordChanged),
  };
}

export function toDirectoryGroup(group: Group): DirectoryGroup {
  return {
    id: group.id ?? '',
    name: group.profile?.name ?? '',
    description: group.profile?.description ?? null,
    type: group.type ?? '',
  };
}

export function toDirectoryAppLink(link: AssignedAppLink): DirectoryAppLink {
  return { appId: link.appInstanceId ?? '', label: link.label ?? '', appName: link.appName ?? '', hidden: link.hidden ?? false };
}

export function toDirectoryApp(app: Application): DirectoryApp {
  return { id: app.id ?? '', label: app.label ?? '', status: app.status ?? 'UNKNOWN' };
}

export function toDirectoryFactor(factor: UserFactor): DirectoryFactor {
  return { id: factor.id ?? '', factorType: factor.factorType ?? '', provider: factor.provider ?? '', status: factor.status ?? '' };
}

export function toDirectoryLogEvent(event: LogEvent): DirectoryLogEvent {
  return {
    id: event.uuid ?? '',
    eventType: event.eventType ?? '',
    published: toIso(event.published) ?? '',
    outcome: { result: event.outcome?.result ?? 'UNKNOWN', reason: event.outcome?.reason ?? null },
    displayMessage: event.displayMessage ?? null,
    actor: { id: event.actor?.id ?? '', alternateId: event.actor?.alternateId ?? '', displayName: event.actor?.displayName ?? null },
  };
}

/**
 * The 201 answer to a number-matching push: factorResult WAITING, `_links.poll` ending in the
 * transaction id, the number in `_embedded.challenge.correctAnswer`. Anything else is not a push we can
 * show the person, so it is an error rather than a challenge without a number.
 */
export function toPushChallenge(factorId: string, answer: UserFactorVerifyResponse | UserFactorVerifyResponseWaiting, requestId?: string): PushChallenge {
  const poll = answer._links?.poll?.href;
  const transactionId = poll ? new URL(poll).pathname.split('/').pop() : undefined;
  const correctAnswer = Number((answer._embedded as { challenge?: { correctAnswer?: unknown } } | undefined)?.challenge?.correctAnswer);
  if (answer.factorResult !== 'WAITING' || !transactionId || !Number.isInteger(correctAnswer)) {
    throw new OktaError('okta_bad_request', `Okta did not start a number-matching push (factorResult ${String(answer.factorResult)})`, { requestId });
  }
  return { factorId, transactionId: decodeURIComponent(transactionId), correctAnswer, expiresAt: toIso(answer.expiresAt), requestId };
}

export function toPushResult(transaction: UserFactorPushTransaction): PushResult {
  const found = PUSH_RESULTS.find((result) => result === transaction.factorResult);
  if (!found) throw new OktaError('okta_unavailable', `Okta answered an unknown push result: ${String(transaction.factorResult)}`);
  return found;
}

function toStatus(status: unknown): OktaUserStatus {
  const found = OKTA_USER_STATUSES.find((s) => s === status);
  if (!found) throw new TypeError(`Okta returned an unknown user status: ${String(status)}`);
  return found;
}

/** The SDK turns date-time fields into Date objects; keep Okta's instant as an ISO string. */
function toIso(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
