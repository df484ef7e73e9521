// System Log: one LogEvent per change, shaped like system-log.list.spec-example.json (with the nulls
// real events carry), and the GET /api/v1/logs query (since, until, filter, sortOrder).
import { randomUUID } from 'node:crypto';
import type { GroupRecord, LogEvent, UserRecord } from './types.js';

export type LogTarget = { id: string; type: 'User' | 'UserGroup'; alternateId: string; displayName: string; detailEntry: null };

export type Change = { eventType: string; displayMessage: string; targets: LogTarget[] };

export type RequestInfo = { requestId: string; ip: string; userAgent: string; uri: string };

/** SSWS calls are attributed to the token's owner; the demo token belongs to this service account. */
const DEMO_TOKEN_OWNER = {
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
    actor: DEMO_TOKEN_OWNER,
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
    outcome: { result: 'SUCCESS', reason: null },
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
