// The demo org's seeded System Log: each seeded trouble is reachable by the product's own diagnosis
// through the real directory and SDK, events are shaped like Okta's LogEvents, times are relative to
// the org's start, and the log filter answers the expressions Okta's does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_OKTA_TOKEN } from '../../../src/demo/okta/index.js';
import { diagnose, diagnosisWindow, SIGN_IN_EVIDENCE } from '../../../src/helpdesk/diagnose.js';
import { createDirectory, createOktaClient, type Directory } from '../../../src/okta/index.js';
import { api, recorded, startOrg, userId, type RunningOrg } from './helpers.js';

const START = new Date('2026-11-23T11:00:00.000Z');
const MINUTE = 60_000;
let clock = START.getTime();
let org: RunningOrg;
let directory: Directory;

beforeAll(async () => {
  org = await startOrg({ now: () => new Date(clock) });
  directory = createDirectory(createOktaClient({ orgUrl: org.url, auth: { kind: 'token', token: DEMO_OKTA_TOKEN } }, { requestTimeoutMs: 5_000, maxRetries: 0 }));
});
afterAll(() => org.stop());

const at = (minutesAgo: number) => new Date(START.getTime() - minutesAgo * MINUTE).toISOString();
const eventsOf = (email: string) => org.state.logs.filter((e) => (e.target as Array<{ id: string }>).some((t) => t.id === userId(org, email)));

async function diagnosisOf(email: string, now = START.getTime()) {
  const user = (await directory.findUserByEmail(email))!;
  const events = await directory.listUserLogEvents(user.id, diagnosisWindow(now), SIGN_IN_EVIDENCE);
  const factors = user.status === 'ACTIVE' ? await directory.listFactors(user.id) : undefined;
  return diagnose({ user, events, factors, now, self: false });
}

describe('seeded troubles, diagnosed through the directory', () => {
  it.each([
    ['alex.kim', 'locked_out', "Alex Kim's account is locked out after 5 failed sign-ins (wrong password or code); Okta locked it 2 hours ago (08:54 UTC)."],
    ['dana.whitfield', 'password_expired', "Dana Whitfield's password expired 26 hours ago (Nov 22, 09:00 UTC) by Okta System"],
    ['sam.taylor', 'suspended', "Sam Taylor's account is suspended: Priya Patel suspended it 3 days ago (Nov 20, 11:00 UTC)."],
    ['chris.morgan', 'mfa_failures', '3 MFA checks failed, the last 41 minutes ago (10:19 UTC) (wrong password or code). Enrolled: SMS.'],
    ['riley.chen', 'not_activated', "Riley Chen's account was created 2 days ago (Nov 21, 11:00 UTC) by Priya Patel but never activated"],
    ['taylor.brooks', 'deactivated', "Taylor Brooks's account was deactivated 5 days ago (Nov 18, 11:00 UTC) by Priya Patel"],
    ['jordan.rivera', 'nothing_found', "Jordan Rivera's account is active and not locked out, and Okta shows no failed sign-ins"],
  ])('%s: %s', async (handle, problem, says) => {
    const diagnosis = await diagnosisOf(`${handle}@acme.example`);
    expect(diagnosis.problem).toBe(problem);
    expect(diagnosis.summary).toContain(says);
  });

  it('keeps "2 hours ago" true for an org started later: times follow the start, not a fixed date', async () => {
    const later = await startOrg({ now: () => new Date(START.getTime() + 30 * 24 * 60 * MINUTE) });
    try {
      const lock = later.state.logs.find((e) => e.eventType === 'user.account.lock')!;
      expect(lock.published).toBe(new Date(START.getTime() + 30 * 24 * 60 * MINUTE - 126 * MINUTE).toISOString());
    } finally {
      await later.stop();
    }
  });
});

describe('seeded events look like Okta LogEvents', () => {
  const sample = recorded('system-log.list.spec-example.json').body[0];

  it('have the keys of the spec example', () => {
    for (const event of org.state.logs) expect(Object.keys(event).sort()).toEqual(Object.keys(sample).sort());
  });

  it("show Alex's failed sign-ins with Okta's reason, then the lockout, with Alex as the actor, and date the status change", () => {
    const alex = eventsOf('alex.kim@acme.example');
    expect(alex.map((e) => [e.eventType, (e.outcome as { result: string }).result])).toEqual([
      ...Array(5).fill(['user.session.start', 'FAILURE']),
      ['user.account.lock', 'SUCCESS'],
    ]);
    expect(alex[0]).toMatchObject({ outcome: { reason: 'INVALID_CREDENTIALS' }, actor: { id: userId(org, 'alex.kim@acme.example'), type: 'User' }, published: at(135) });
    expect(org.state.users.get(userId(org, 'alex.kim@acme.example'))!.statusChanged).toBe(at(126));
  });

  it("name Priya as the actor of Sam's suspension and Okta's system principal for Dana's expiry", () => {
    expect(eventsOf('sam.taylor@acme.example')[0]).toMatchObject({ eventType: 'user.lifecycle.suspend', actor: { alternateId: 'priya.patel@acme.example', displayName: 'Priya Patel' } });
    expect(eventsOf('dana.whitfield@acme.example')[0]).toMatchObject({ eventType: 'user.account.expire_password', actor: { type: 'SystemPrincipal', displayName: 'Okta System' } });
  });
});

describe('System Log filters Okta supports, on the seeded log', () => {
  const ALEX = () => userId(org, 'alex.kim@acme.example');
  it.each([
    ['actor.id eq', () => `actor.id eq "${ALEX()}"`, 6],
    ['target.id eq and eventType eq', () => `target.id eq "${ALEX()}" and eventType eq "user.account.lock"`, 1],
    ['outcome.result eq and published gt', () => `outcome.result eq "FAILURE" and published gt "${at(130)}"`, 5],
    ['published lt or eventType eq', () => `published lt "${at(3 * 24 * 60 - 1)}" or eventType eq "user.account.lock"`, 3],
    ['parentheses around an or', () => `(actor.id eq "${ALEX()}" or target.id eq "${ALEX()}") and eventType eq "user.session.start"`, 5],
  ])('%s', async (_case, filter, expected) => {
    const params = new URLSearchParams({ since: at(10 * 24 * 60), until: START.toISOString(), filter: filter() });
    const answer = await api(org, 'GET', `/api/v1/logs?${params}`);
    expect(answer.status).toBe(200);
    expect(answer.body).toHaveLength(expected);
  });
});
