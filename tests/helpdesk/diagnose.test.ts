// The sign-in diagnosis on its own: each account status and kind of System Log evidence, what it
// says (what is wrong, since when, the next step) and which fix it names, if any.
import { describe, expect, it } from 'vitest';
import { diagnose, diagnosisWindow, type DiagnosisInput } from '../../src/helpdesk/diagnose.js';
import type { DirectoryFactor, DirectoryLogEvent, DirectoryUser, OktaUserStatus } from '../../src/okta/index.js';

const NOW = Date.parse('2026-11-23T11:00:00.000Z');
const ALEX_ID = '00ualexkim0000000001';
const PRIYA = { id: '00upriya000000000001', alternateId: 'priya.patel@acme.example', displayName: 'Priya Patel' };
const ALEX = { id: ALEX_ID, alternateId: 'alex.kim@acme.example', displayName: 'Alex Kim' };
const OKTA_SYSTEM = { id: '0oa1systemprincipal0', alternateId: 'system@okta.com', displayName: 'Okta System' };

function user(status: OktaUserStatus, overrides: Partial<DirectoryUser> = {}): DirectoryUser {
  return {
    id: ALEX_ID, status, login: 'alex.kim@acme.example', email: 'alex.kim@acme.example', firstName: 'Alex', lastName: 'Kim',
    displayName: 'Alex Kim', department: 'Engineering', title: 'Data Engineer', created: '2025-10-01T08:00:00.000Z',
    statusChanged: '2026-11-20T11:00:00.000Z', lastLogin: '2026-11-22T08:30:00.000Z', passwordChanged: '2026-08-01T08:00:00.000Z',
    ...overrides,
  };
}

let sequence = 0;
/** A LogEvent `minutesAgo` before NOW, as the directory maps it; ids are fixed per call order. */
function event(eventType: string, minutesAgo: number, { result = 'SUCCESS', reason = null as string | null, actor = ALEX } = {}): DirectoryLogEvent {
  sequence += 1;
  return {
    id: `evt-${String(sequence).padStart(4, '0')}`,
    eventType,
    published: new Date(NOW - minutesAgo * 60_000).toISOString(),
    outcome: { result, reason },
    displayMessage: null,
    actor,
  };
}

const failedSignIn = (minutesAgo: number) => event('user.session.start', minutesAgo, { result: 'FAILURE', reason: 'INVALID_CREDENTIALS' });
const factor = (factorType: string): DirectoryFactor => ({ id: `fct-${factorType}`, factorType, provider: 'OKTA', status: 'ACTIVE' });

type Row = { name: string; input: Partial<DiagnosisInput> & Pick<DiagnosisInput, 'user'>; problem: string; says: RegExp[]; fix?: string };

const TABLE: Row[] = [
  {
    name: 'locked out after failed sign-ins: how many, why, since when; unlock',
    input: { user: user('LOCKED_OUT'), events: [failedSignIn(140), failedSignIn(135), failedSignIn(130), event('user.account.lock', 125)] },
    problem: 'locked_out',
    says: [/^Alex Kim's account is locked out after 3 failed sign-ins \(wrong password or code\); Okta locked it 2 hours ago \(08:55 UTC\)\. Next step: unlock the account\.$/],
    fix: 'unlock',
  },
  {
    name: 'locked out, lockout older than the window: since the status change',
    input: { user: user('LOCKED_OUT'), events: [] },
    problem: 'locked_out',
    says: [/locked out after too many failed sign-ins since 3 days ago \(Nov 20, 11:00 UTC\)\./],
    fix: 'unlock',
  },
  {
    name: 'locked out with no lockout event and no status change: says it does not know since when',
    input: { user: user('LOCKED_OUT', { statusChanged: null }), events: [] },
    problem: 'locked_out',
    says: [/I don't know since when/],
    fix: 'unlock',
  },
  {
    name: 'locked out: failed sign-ins before an earlier unlock do not count',
    input: { user: user('LOCKED_OUT'), events: [failedSignIn(900), event('user.account.unlock', 800), failedSignIn(30), event('user.account.lock', 29)] },
    problem: 'locked_out',
    says: [/after 1 failed sign-in \(/],
    fix: 'unlock',
  },
  {
    name: 'suspended: who suspended it and when; lift the suspension',
    input: { user: user('SUSPENDED'), events: [event('user.lifecycle.suspend', 3 * 24 * 60, { actor: PRIYA })] },
    problem: 'suspended',
    says: [/^Alex Kim's account is suspended: Priya Patel suspended it 3 days ago \(Nov 20, 11:00 UTC\)\. Next step: lift the suspension\.$/],
    fix: 'unlock',
  },
  {
    name: 'suspended, asked by the person themself: lifting it needs approval',
    input: { user: user('SUSPENDED'), events: [event('user.lifecycle.suspend', 60, { actor: PRIYA })], self: true },
    problem: 'suspended',
    says: [/^Your account is suspended: Priya Patel suspended it/, /lift the suspension \(lifting your own suspension needs approval\)\./],
    fix: 'unlock',
  },
  {
    name: 'suspended outside the window: who did it is not claimed',
    input: { user: user('SUSPENDED'), events: [] },
    problem: 'suspended',
    says: [/who suspended it is not in the last 7 days of the System Log/],
    fix: 'unlock',
  },
  {
    name: 'password expired: when and by whom; a reset link to the owner',
    input: { user: user('PASSWORD_EXPIRED'), events: [event('user.account.expire_password', 26 * 60, { actor: OKTA_SYSTEM })] },
    problem: 'password_expired',
    says: [/^Alex Kim's password expired 26 hours ago \(Nov 22, 09:00 UTC\) by Okta System, so Okta asks for a new one at sign-in\./, /Next step: a password reset link, sent only to alex\.kim@acme\.example by direct message\./],
    fix: 'reset_password',
  },
  {
    name: 'reset started and not finished: a new link',
    input: { user: user('RECOVERY'), events: [event('user.account.reset_password', 45, { actor: PRIYA })] },
    problem: 'reset_unfinished',
    says: [/^A password reset of Alex Kim's account was started 45 minutes ago \(10:15 UTC\) and not finished\./],
    fix: 'reset_password',
  },
  {
    name: 'staged: never activated, an admin must activate it; no reset offered',
    input: { user: user('STAGED', { statusChanged: null, lastLogin: null }), events: [event('user.lifecycle.create', 2 * 24 * 60, { actor: PRIYA })] },
    problem: 'not_activated',
    says: [/was created 2 days ago \(Nov 21, 11:00 UTC\) by Priya Patel but never activated/, /an Okta admin activates the account; a password reset can't help/],
  },
  {
    name: 'provisioned: the activation was not finished; no reset offered',
    input: { user: user('PROVISIONED'), events: [] },
    problem: 'activation_unfinished',
    says: [/the password was never set/, /a password reset can't help/],
  },
  {
    name: 'deactivated: when and by whom; no reset offered',
    input: { user: user('DEPROVISIONED'), events: [event('user.lifecycle.deactivate', 5 * 24 * 60, { actor: PRIYA })] },
    problem: 'deactivated',
    says: [/was deactivated 5 days ago \(Nov 18, 11:00 UTC\) by Priya Patel, so it can't sign in and a password reset can't help/],
  },
  ...([
    ['PASSWORD_EXPIRED', 'password_expired', /^Alex Kim's password expired, so Okta asks for a new one at sign-in; I don't know when it expired \(the expiry is not in the last 7 days of the System Log, and Okta did not say\)\. Next step:/],
    ['RECOVERY', 'reset_unfinished', /^A password reset of Alex Kim's account was started and not finished; I don't know when it was started \(/],
    ['STAGED', 'not_activated', /^Alex Kim's account was created but never activated, so there is no password to sign in with yet; I don't know when it was created \(/],
    ['DEPROVISIONED', 'deactivated', /^Alex Kim's account was deactivated, so it can't sign in and a password reset can't help; I don't know when \(/],
  ] as const).map(([status, problem, says]): Row => ({
    name: `${status.toLowerCase()} with no event and no time from Okta: says it does not know when, invents none`,
    input: { user: user(status, { statusChanged: null, created: '' }), events: [] },
    problem,
    says: [says],
    fix: problem === 'password_expired' || problem === 'reset_unfinished' ? 'reset_password' : undefined,
  })),
  {
    name: 'active, denied by the sign-on policy: an admin checks the policy',
    input: { user: user('ACTIVE'), events: [event('policy.evaluate_sign_on', 20, { result: 'DENY' }), failedSignIn(25)] },
    problem: 'denied_by_policy',
    says: [/sign-on policy denied 1 sign-in, the last 20 minutes ago \(10:40 UTC\)\. Next step: an Okta admin checks the sign-on policy/],
  },
  {
    name: 'active, MFA checks failed: which factors are enrolled; reset MFA is only suggested',
    input: {
      user: user('ACTIVE'),
      events: [event('user.authentication.auth_via_mfa', 40, { result: 'FAILURE', reason: 'INVALID_CREDENTIALS' }), event('user.mfa.okta_verify.deny_push', 50, { result: 'FAILURE' })],
      factors: [factor('sms')],
    },
    problem: 'mfa_failures',
    says: [/not locked out, but 2 MFA checks failed, the last 40 minutes ago \(10:20 UTC\) \(wrong password or code, push rejected\)\. Enrolled: SMS\./, /ask me to reset MFA/],
  },
  {
    name: 'active with failed sign-ins: not locked, a reset is only suggested',
    input: { user: user('ACTIVE'), events: [failedSignIn(10), failedSignIn(12)] },
    problem: 'sign_in_failures',
    says: [/^Alex Kim's account is active and not locked out, but Okta recorded 2 failed sign-ins in the last 7 days, the last 10 minutes ago \(10:50 UTC\) \(wrong password or code\)\./],
  },
  {
    name: 'active, failures before the last unlock are history',
    input: { user: user('ACTIVE'), events: [failedSignIn(300), event('user.account.lock', 290), event('user.account.unlock', 200, { actor: PRIYA })] },
    problem: 'nothing_found',
    says: [/shows no failed sign-ins, lockouts or MFA denials/],
  },
  {
    name: 'active, nothing in the log, asked by themself: "your account is not locked", and I don\'t know',
    input: { user: user('ACTIVE'), events: [], self: true },
    problem: 'nothing_found',
    says: [/^Your account is active and not locked out, and Okta shows no failed sign-ins, lockouts or MFA denials in the last 7 days; the last successful sign-in was 26 hours ago \(Nov 22, 08:30 UTC\)\./, /I don't know why you can't sign in: tell me the exact error you see\.$/],
  },
];

describe('diagnose', () => {
  it.each(TABLE)('$name', ({ input, problem, says, fix }) => {
    const diagnosis = diagnose({ events: [], now: NOW, self: false, ...input });
    expect(diagnosis.problem).toBe(problem);
    for (const pattern of says) expect(diagnosis.summary).toMatch(pattern);
    expect(diagnosis.fix).toEqual(fix ? { kind: fix, targetEmail: 'alex.kim@acme.example' } : undefined);
  });

  it('reads the evidence in any order, newest first', () => {
    const events = [event('user.account.lock', 125), failedSignIn(130), event('user.account.lock', 3000), failedSignIn(140)];
    expect(diagnose({ user: user('LOCKED_OUT'), events, now: NOW, self: false }).summary).toContain('after 2 failed sign-ins (wrong password or code); Okta locked it 2 hours ago');
  });
});

describe('diagnosisWindow', () => {
  it('is the last 7 days up to now, both ends given', () => {
    expect(diagnosisWindow(NOW)).toEqual({ since: '2026-11-16T11:00:00.000Z', until: '2026-11-23T11:00:00.000Z' });
  });
});
