// The sentences people read, on their own: one time formatter (relative plus UTC, clock injected),
// "you" to the account's owner, the help-desk channel a refusal points to, and exact card wording.
import { describe, expect, it } from 'vitest';
import { addressee, askHelpdeskIn, describeAction, ownerNoticeText, timeInWords } from '../../src/helpdesk/wording.js';
import type { DirectoryUser } from '../../src/okta/index.js';

const NOW = Date.parse('2026-12-06T11:00:00.000Z');
const at = (offsetMs: number) => new Date(NOW + offsetMs).toISOString();
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('timeInWords', () => {
  it.each([
    ['the same instant', at(0), 'just now (11:00 UTC)'],
    ['59 seconds ago', at(-59 * SECOND), 'just now (10:59 UTC)'],
    ['exactly a minute ago', at(-MINUTE), '1 minute ago (10:59 UTC)'],
    ['59 minutes 59 seconds ago', at(-HOUR + SECOND), '59 minutes ago (10:00 UTC)'],
    ['exactly an hour ago', at(-HOUR), '1 hour ago (10:00 UTC)'],
    ['2 hours 6 minutes ago', at(-2 * HOUR - 6 * MINUTE), '2 hours ago (08:54 UTC)'],
    ['yesterday, 12 hours ago', at(-12 * HOUR), '12 hours ago (Dec 5, 23:00 UTC)'],
    ['47 hours ago, still in hours', at(-47 * HOUR), '47 hours ago (Dec 4, 12:00 UTC)'],
    ['48 hours ago, in days', at(-2 * DAY), '2 days ago (Dec 4, 11:00 UTC)'],
    ['3 days and 2 hours ago', at(-3 * DAY - 2 * HOUR + 14 * MINUTE), '3 days ago (Dec 3, 09:14 UTC)'],
    ['a clock 30 seconds ahead', at(30 * SECOND), 'just now (11:00 UTC)'],
    ['5 minutes ahead', at(5 * MINUTE), 'in 5 minutes (11:05 UTC)'],
    ['3 hours ahead', at(3 * HOUR), 'in 3 hours (14:00 UTC)'],
    ['2 days ahead', at(2 * DAY), 'in 2 days (Dec 8, 11:00 UTC)'],
    ['another year', '2025-12-31T23:59:00.000Z', '339 days ago (Dec 31, 2025, 23:59 UTC)'],
  ])('%s reads %s', (_name, iso, words) => {
    expect(timeInWords(iso, NOW)).toBe(words);
  });

  it('takes a Date as well as an ISO string', () => {
    expect(timeInWords(new Date(NOW - 2 * HOUR), NOW)).toBe('2 hours ago (09:00 UTC)');
  });
});

const jane: DirectoryUser = {
  id: '00ujanedoe0000000001', status: 'ACTIVE', login: 'jane.doe@acme.example', email: 'jane.doe@acme.example', firstName: 'Jane', lastName: 'Doe',
  displayName: 'Jane Doe', department: null, title: null, created: '2025-10-01T08:00:00.000Z', statusChanged: null, lastLogin: null, passwordChanged: null,
};

describe('addressee', () => {
  it('speaks to the account owner in the second person', () => {
    expect(addressee(jane, true)).toMatchObject({ Name: 'You', Whose: 'Your', their: 'your', they: 'you', is: 'are', was: 'were', email: 'you' });
  });

  it('names the person to anyone else', () => {
    expect(addressee(jane, false)).toMatchObject({ Name: 'Jane Doe', Whose: "Jane Doe's", their: 'their', they: 'they', is: 'is', was: 'was', email: 'jane.doe@acme.example' });
  });
});

describe('describeAction', () => {
  it.each([
    [{ kind: 'unlock', targetEmail: 'jane.doe@acme.example' }, 'Unlock your account.', 'Unlock the account of Jane Doe (jane.doe@acme.example).'],
    [{ kind: 'lock', targetEmail: 'jane.doe@acme.example' }, 'Lock your account: suspend the account and end every Okta session.', 'Lock Jane Doe (jane.doe@acme.example): suspend the account and end every Okta session.'],
    [
      { kind: 'reset_password', targetEmail: 'jane.doe@acme.example' },
      'Send you a one-time password reset link, by direct message to you only.',
      'Send Jane Doe (jane.doe@acme.example) a one-time password reset link, by direct message to jane.doe@acme.example only.',
    ],
    [{ kind: 'reset_mfa', targetEmail: 'jane.doe@acme.example' }, 'Reset every MFA factor of yours; you enroll again at your next sign-in.', 'Reset every MFA factor of Jane Doe (jane.doe@acme.example); they enroll again at their next sign-in.'],
    [{ kind: 'add_to_group', targetEmail: 'jane.doe@acme.example', groupName: 'Engineering' }, 'Add you to the Okta group Engineering.', 'Add Jane Doe (jane.doe@acme.example) to the Okta group Engineering.'],
  ] as const)('says %j as "%s" to its owner and "%s" to others', (action, toOwner, toOthers) => {
    expect(describeAction(action, { name: 'Jane Doe', self: true })).toBe(toOwner);
    expect(describeAction(action, { name: 'Jane Doe' })).toBe(toOthers);
  });
});

describe('askHelpdeskIn', () => {
  it.each([
    ['#it-help', 'Ask the IT help desk in #it-help.'],
    ['it-help', 'Ask the IT help desk in #it-help.'],
    ['C0123ABCD', 'Ask the IT help desk in <#C0123ABCD>.'],
  ])('points to %s as "%s"', (channel, sentence) => {
    expect(askHelpdeskIn(channel)).toBe(sentence);
  });
});

describe('ownerNoticeText', () => {
  it('says when, relative and in UTC, by the injected clock', () => {
    const text = ownerNoticeText({ kind: 'unlock' }, { requesterEmail: 'sam@acme.example', at: new Date(NOW), now: NOW });
    expect(text).toBe('Heads-up: sam@acme.example unlocked your Okta account, through the IT help desk just now (11:00 UTC). If you did not expect this, tell IT right away.');
  });
});
