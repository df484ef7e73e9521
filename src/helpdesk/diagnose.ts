// Explains why a person can't sign in, from what Okta answered in this request: the account status,
// its recent System Log events and (for active accounts) the enrolled factors. Pure: it says what is
// wrong, since when, and the one next step, and names a fix only when running it would change
// something (unlock a locked-out account, lift a suspension, a reset link for an expired password).
import type { DirectoryFactor, DirectoryLogEvent, DirectoryUser, LogEventSelector, LogWindow } from '../okta/index.js';
import type { WriteAction } from './actions.js';
import { addressee, count, timeInWords } from './wording.js';

const DIAGNOSIS_WINDOW_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The System Log events that explain sign-in trouble, and the ones that clear it again. */
export const SIGN_IN_EVIDENCE: readonly LogEventSelector[] = [
  { eventType: 'user.session.start', outcome: 'FAILURE' },
  { eventType: 'user.account.lock' },
  { eventType: 'user.account.unlock' },
  { eventType: 'user.authentication.auth_via_mfa', outcome: 'FAILURE' },
  { eventType: 'user.mfa.okta_verify.deny_push' },
  { eventType: 'policy.evaluate_sign_on', outcome: 'DENY' },
  { eventType: 'user.account.expire_password' },
  { eventType: 'user.account.reset_password' },
  { eventType: 'user.lifecycle.create' },
  { eventType: 'user.lifecycle.suspend' },
  { eventType: 'user.lifecycle.unsuspend' },
  { eventType: 'user.lifecycle.deactivate' },
];

export const PROBLEMS = [
  'locked_out',
  'suspended',
  'password_expired',
  'reset_unfinished',
  'not_activated',
  'activation_unfinished',
  'deactivated',
  'denied_by_policy',
  'mfa_failures',
  'sign_in_failures',
  'nothing_found',
] as const;

type Problem = (typeof PROBLEMS)[number];

export type DiagnosisInput = {
  user: DirectoryUser;
  /** Events of SIGN_IN_EVIDENCE in the diagnosis window, in any order. */
  events: readonly DirectoryLogEvent[];
  /** Enrolled factors; undefined when they were not read. */
  factors?: readonly DirectoryFactor[];
  now: number;
  /** The requester asks about their own account: "your account". */
  self: boolean;
};

export type Diagnosis = { problem: Problem; summary: string; fix?: WriteAction };

/** The bounded window the diagnosis reads: the last DIAGNOSIS_WINDOW_DAYS up to now. */
export function diagnosisWindow(now: number): LogWindow {
  return { since: new Date(now - DIAGNOSIS_WINDOW_DAYS * DAY_MS).toISOString(), until: new Date(now).toISOString() };
}

const CLEARED_BY = ['user.account.unlock', 'user.lifecycle.unsuspend'];

/** How the person is named: "Your account" to themself, "Alex Kim's account" to anyone else. */
type Words = { poss: string; account: string; subject: string; sees: string; email: string };

export function diagnose(input: DiagnosisInput): Diagnosis {
  const { user, now } = input;
  const events = [...input.events].sort((a, b) => Date.parse(b.published) - Date.parse(a.published));
  const a = addressee(user, input.self);
  const w: Words = { poss: a.Whose, account: `${a.whose} account`, subject: a.name, sees: `${a.name} ${a.self ? 'see' : 'sees'}`, email: a.email };
  const when = (iso: string) => timeInWords(iso, now);
  const latest = (eventType: string) => events.find((e) => e.eventType === eventType);
  const by = (event: DirectoryLogEvent | undefined) => (event && event.actor.id !== user.id ? ` by ${actorName(event)}` : '');
  const sinceStatusChange = user.statusChanged ? ` since ${when(user.statusChanged)}` : '';
  const unlock: WriteAction = { kind: 'unlock', targetEmail: user.email };
  const reset: WriteAction = { kind: 'reset_password', targetEmail: user.email };
  const resetLink = `a password reset link, sent only to ${w.email} by direct message`;

  switch (user.status) {
    case 'LOCKED_OUT': {
      const lock = latest('user.account.lock');
      const failures = signInFailures(events, lock?.published);
      const after = failures.length > 0 ? ` after ${count(failures.length, 'failed sign-in')} (${reasonsOf(failures)})` : ' after too many failed sign-ins';
      const since = lock ? `; Okta locked it ${when(lock.published)}` : sinceStatusChange || unknown('since when', 'the lockout');
      return { problem: 'locked_out', summary: `${w.poss} account is locked out${after}${since}. Next step: unlock the account.`, fix: unlock };
    }
    case 'SUSPENDED': {
      const suspend = latest('user.lifecycle.suspend');
      const who = suspend
        ? `: ${actorName(suspend)} suspended it ${when(suspend.published)}`
        : `${sinceStatusChange}; who suspended it is not in the last ${DIAGNOSIS_WINDOW_DAYS} days of the System Log`;
      const approval = input.self ? ' (lifting your own suspension needs approval)' : '';
      return { problem: 'suspended', summary: `${w.poss} account is suspended${who}. Next step: lift the suspension${approval}.`, fix: unlock };
    }
    case 'PASSWORD_EXPIRED': {
      const expired = latest('user.account.expire_password');
      const since = expired ? ` ${when(expired.published)}${by(expired)}` : sinceStatusChange;
      const unsaid = since ? '' : unknown('when it expired', 'the expiry');
      return { problem: 'password_expired', summary: `${w.poss} password expired${since}, so Okta asks for a new one at sign-in${unsaid}. Next step: ${resetLink}.`, fix: reset };
    }
    case 'RECOVERY': {
      const started = latest('user.account.reset_password');
      const since = started ? ` ${when(started.published)}` : sinceStatusChange;
      const unsaid = since ? '' : unknown('when it was started', 'the start of the reset');
      return {
        problem: 'reset_unfinished',
        summary: `A password reset of ${w.account} was started${since} and not finished${unsaid}. Next step: a new reset link (the old one stops working), sent only to ${w.email} by direct message.`,
        fix: reset,
      };
    }
    case 'STAGED': {
      const created = latest('user.lifecycle.create');
      const since = created ? ` ${when(created.published)}${by(created)}` : user.created ? ` ${when(user.created)}` : '';
      const unsaid = since ? '' : unknown('when it was created', 'the creation');
      return {
        problem: 'not_activated',
        summary: `${w.poss} account was created${since} but never activated, so there is no password to sign in with yet${unsaid}. Next step: an Okta admin activates the account; a password reset can't help before that.`,
      };
    }
    case 'PROVISIONED':
      return {
        problem: 'activation_unfinished',
        summary: `${w.poss} account is activated, but the password was never set. Next step: finish the activation from the activation email (an Okta admin can send it again); a password reset can't help here.`,
      };
    case 'DEPROVISIONED': {
      const deactivated = latest('user.lifecycle.deactivate');
      const since = deactivated ? ` ${when(deactivated.published)}${by(deactivated)}` : sinceStatusChange;
      const unsaid = since ? '' : unknown('when', 'the deactivation');
      return {
        problem: 'deactivated',
        summary: `${w.poss} account was deactivated${since}, so it can't sign in and a password reset can't help${unsaid}. If that is a mistake, an Okta admin must reactivate it.`,
      };
    }
    case 'ACTIVE':
      return activeDiagnosis(input, events, w, when);
  }
}

/** An active account: what the System Log says since the last unlock or unsuspension, if anything. */
function activeDiagnosis(input: DiagnosisInput, events: DirectoryLogEvent[], w: Words, when: (iso: string) => string): Diagnosis {
  const cleared = events.find((e) => CLEARED_BY.includes(e.eventType))?.published;
  const recent = cleared ? events.filter((e) => Date.parse(e.published) > Date.parse(cleared)) : events;
  const lastOf = (found: DirectoryLogEvent[]) => `the last ${when(found[0]!.published)}`;
  const active = `${w.poss} account is active and not locked out`;

  const denials = recent.filter((e) => e.eventType === 'policy.evaluate_sign_on');
  if (denials.length > 0) {
    return {
      problem: 'denied_by_policy',
      summary: `${active}, but Okta's sign-on policy denied ${count(denials.length, 'sign-in')}, ${lastOf(denials)}. Next step: an Okta admin checks the sign-on policy; no change to the account would help.`,
    };
  }
  const mfa = recent.filter((e) => e.eventType === 'user.authentication.auth_via_mfa' || e.eventType === 'user.mfa.okta_verify.deny_push');
  if (mfa.length > 0) {
    return {
      problem: 'mfa_failures',
      summary: `${active}, but ${count(mfa.length, 'MFA check')} failed, ${lastOf(mfa)} (${reasonsOf(mfa)}). ${factorsOf(input.factors)} Next step: if that phone or authenticator no longer works, ask me to reset MFA.`,
    };
  }
  const failures = signInFailures(recent);
  if (failures.length > 0) {
    return {
      problem: 'sign_in_failures',
      summary: `${active}, but Okta recorded ${count(failures.length, 'failed sign-in')} in the last ${DIAGNOSIS_WINDOW_DAYS} days, ${lastOf(failures)} (${reasonsOf(failures)}). Next step: if the password is forgotten, ask me for a password reset link.`,
    };
  }
  const lastLogin = input.user.lastLogin ? `; the last successful sign-in was ${when(input.user.lastLogin)}` : '';
  return {
    problem: 'nothing_found',
    summary: `${active}, and Okta shows no failed sign-ins, lockouts or MFA denials in the last ${DIAGNOSIS_WINDOW_DAYS} days${lastLogin}. I don't know why ${w.subject} can't sign in: tell me the exact error ${w.sees}.`,
  };
}

/** Failed sign-ins, newest first, up to `until` (the lockout) and after the previous unlock. */
function signInFailures(events: DirectoryLogEvent[], until?: string): DirectoryLogEvent[] {
  const end = until ? Date.parse(until) : Number.POSITIVE_INFINITY;
  const before = events.filter((e) => Date.parse(e.published) <= end);
  const cleared = before.find((e) => CLEARED_BY.includes(e.eventType))?.published;
  const start = cleared ? Date.parse(cleared) : Number.NEGATIVE_INFINITY;
  return before.filter((e) => e.eventType === 'user.session.start' && e.outcome.result === 'FAILURE' && Date.parse(e.published) > start);
}

const REASONS: Record<string, string> = {
  INVALID_CREDENTIALS: 'wrong password or code',
  VERIFICATION_ERROR: 'verification failed',
  LOCKED_OUT: 'the account was locked',
};

/** Okta's reasons in words, most frequent first. */
function reasonsOf(events: DirectoryLogEvent[]): string {
  const counts = new Map<string, number>();
  for (const event of events) {
    const reason = event.eventType === 'user.mfa.okta_verify.deny_push' ? 'push rejected' : reasonWords(event.outcome.reason);
    counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1]).map(([reason]) => reason).join(', ');
}

function reasonWords(reason: string | null): string {
  if (!reason) return 'Okta gave no reason';
  return REASONS[reason] ?? reason.toLowerCase().replace(/_/g, ' ');
}

const FACTOR_WORDS: Record<string, string> = { push: 'Okta Verify push', 'token:software:totp': 'authenticator app', sms: 'SMS', call: 'voice call', email: 'email' };

function factorsOf(factors: readonly DirectoryFactor[] | undefined): string {
  if (!factors) return '';
  if (factors.length === 0) return 'No MFA factor is enrolled.';
  return `Enrolled: ${factors.map((f) => FACTOR_WORDS[f.factorType] ?? f.factorType).join(', ')}.`;
}

function actorName(event: DirectoryLogEvent): string {
  return event.actor.displayName || event.actor.alternateId || 'someone Okta did not name';
}

/** What Okta did not tell, said as such: "; I don't know since when (the lockout is not in the last 7 days of the System Log)". */
function unknown(question: string, event: string): string {
  return `; I don't know ${question} (${event} is not in the last ${DIAGNOSIS_WINDOW_DAYS} days of the System Log, and Okta did not say)`;
}
