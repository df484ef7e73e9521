// Converts the SDK's model instances into the plain Directory* records (ISO dates, nulls not undefined).
import type { Application, AssignedAppLink, Group, LogEvent, User, UserFactor } from '@okta/okta-sdk-nodejs';
import {
  OKTA_USER_STATUSES,
  type DirectoryApp,
  type DirectoryAppLink,
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
