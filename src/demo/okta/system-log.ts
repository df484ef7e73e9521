// System Log: one LogEvent per change, shaped like system-log.list.spec-example.json (with the nulls
// real events carry), the seeded history's events, and the GET /api/v1/logs query (since, until,
// filter, sortOrder).
import { randomUUID } from 'node:crypto';
import { randomToken } from './format.js';
import type { DemoLogEntry, GroupRecord, LogEvent, UserRecord } from './types.js';

export type LogTarget = { id: string; type: 'User' | 'UserGroup'; alternateId: string; displayName: string; detailEntry: null };

export type LogActor = { id: string; type: 'User' | 'SystemPrincipal'; alternateId: string; displayName: string; detailEntry: null };

export type LogOutcome = { result: string; reason: string | null };

/** What happened; the actor is the API token's owner and the outcome SUCCESS unless given. */
export type Change = { eventType: string; displayMessage: string; targets: LogTarget[]; actor?: LogActor; outcome?: LogOutcome };

export type RequestInfo = { requestId: string; ip: string; userAgent: string; uri: string };

/** SSWS calls are attributed to the token's owner; the demo token belongs to this service account. */
const DEMO_TOKEN_OWNER: LogActor = {
  id: '00udemoapitokenowner',
  type: 'User',
  alternateId: 'helpdesk-bot@acme.example',
  displayName: 'Helpdesk Bot (API token)',
  detailEntry: null,
};

export const userTarget = (user: UserRecord): LogTarget => ({
  id: user.id,
  type: 'User',
  alternateId: user.profile.login,
  displayName: user.profile.displayName,
  detailEntry: null,
});

export const groupTarget = (group: GroupRecord): LogTarget => ({
  id: group.id,
  type: 'UserGroup',
  alternateId: 'unknown',
  displayName: group.name,
  detailEntry: null,
});

export function logEvent(change: Change, request: RequestInfo, published: Date): LogEvent {
  const ipChain = [{ ip: request.ip, geographicalContext: null, version: request.ip.includes(':') ? 'V6' : 'V4', source: null }];
  return {
    actor: change.actor ?? DEMO_TOKEN_OWNER,
    client: {
      userAgent: { rawUserAgent: request.userAgent, os: 'Unknown', browser: 'UNKNOWN' },
      zone: null,
      device: 'Unknown',
      id: null,
      ipAddress: request.ip,
      geographicalContext: null,
    },
    device: null,
    authenticationContext: {
      authenticationProvider: null,
      credentialProvider: null,
      credentialType: null,
      issuer: null,
      interface: null,
      authenticationStep: 0,
      externalSessionId: 'trs-demo-api-token',
    },
    displayMessage: change.displayMessage,
    eventType: change.eventType,
    outcome: change.outcome ?? { result: 'SUCCESS', reason: null },
    published: published.toISOString(),
    securityContext: { asNumber: null, asOrg: null, isp: null, domain: null, isProxy: null },
    severity: 'INFO',
    debugContext: { debugData: { requestId: request.requestId, requestUri: request.uri.split('?')[0], url: request.uri } },
    legacyEventType: null,
    transaction: { type: 'WEB', id: request.requestId, detail: {} },
    uuid: randomUUID(),
    version: '0',
    request: { ipChain },
    target: change.targets,
  };
}

/** Okta's own actor for what policies do (password expiry), as real System Logs name it. */
const OKTA_SYSTEM: LogActor = { id: '0oa1oktasystem000000', type: 'SystemPrincipal', alternateId: 'system@okta.com', displayName: 'Okta System', detailEntry: null };

const BROWSER = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/127.0.0.0 Safari/537.36';

const userActor = (user: UserRecord): LogActor => ({ ...userTarget(user), type: 'User' });

/** A seeded event, from a browser at sign-in or in the admin console; `find` looks people up by email. */
export function historyEvent(entry: DemoLogEntry, find: (email: string) => UserRecord, published: Date): LogEvent {
  const user = find(entry.email);
  const actor = entry.actor === 'self' ? userActor(user) : entry.actor === 'okta' ? OKTA_SYSTEM : userActor(find(entry.actor.email));
  const uri = entry.actor === 'self' ? '/idp/idx/identify' : `/api/v1/users/${user.id}`;
  const request = { requestId: randomToken(32), ip: '198.51.100.24', userAgent: BROWSER, uri };
  const change = { eventType: entry.eventType, displayMessage: entry.displayMessage, targets: [userTarget(user)], actor, outcome: entry.outcome };
  return logEvent(change, request, published);
}

export type LogQuery = { since: Date; until: Date; accepts: (event: LogEvent) => boolean; descending: boolean };

/** Events published between since and until (inclusive), filtered, in the requested order. */
export function queryLogs(logs: LogEvent[], query: LogQuery): LogEvent[] {
  const selected = logs.filter((event) => {
    const published = Date.parse(event.published);
    if (published < query.since.getTime() || published > query.until.getTime()) return false;
    return query.accepts(event);
  });
  return query.descending ? selected.reverse() : selected;
}
