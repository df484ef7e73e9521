// Admin read queries: the typed request becomes the directory query as of `now`, and the answer is
// a code-written table of Okta's own fields, honest about limits, naming its Okta calls, and
// split into pages that each fit one Slack message.
import { describe, expect, it } from 'vitest';
import { isIsoDate, MAX_ROWS, PAGE_ROWS, queryAnswerText, runUserQuery, toDirectoryQuery, userTablePages } from '../../src/helpdesk/user-query.js';
import type { Directory, DirectoryUser, OktaCall, UserQuery, UserQueryResult } from '../../src/okta/index.js';
import { markdownToMrkdwn } from '../../src/slack/mrkdwn.js';
import { replyMessages, TOO_LONG_NOTE } from '../../src/slack/cards.js';
import { SLACK_LIMITS } from '../../src/slack/message-limits.js';

const NOW = Date.parse('2026-12-06T12:00:00.000Z');
const DAY = 24 * 60 * 60 * 1000;
const CALL: OktaCall = { method: 'GET', path: '/api/v1/users?search=status%20eq%20%22LOCKED_OUT%22&limit=200', at: '2026-12-06T09:00:00.000Z', status: 200, requestId: 'reqQueryUsers1' };

function person(n: number, overrides: Partial<DirectoryUser> = {}): DirectoryUser {
  return {
    id: `00u${String(n).padStart(17, '0')}`,
    status: 'LOCKED_OUT',
    login: `person.number${n}@acme.example`,
    email: `person.number${n}@acme.example`,
    firstName: 'Person',
    lastName: `Number ${n}`,
    displayName: null,
    department: 'Engineering',
    title: 'Engineer',
    created: '2025-01-01T00:00:00.000Z',
    statusChanged: null,
    lastLogin: new Date(NOW - 2 * DAY).toISOString(),
    passwordChanged: null,
    ...overrides,
  };
}

const result = (users: DirectoryUser[], extra: Partial<UserQueryResult> = {}): UserQueryResult => ({ users, matched: users.length, complete: true, calls: [CALL], ...extra });

describe('toDirectoryQuery', () => {
  it('turns days ago into a time before now and a date into the start of that day (UTC)', () => {
    const query = toDirectoryQuery({ department: 'Engineering', lastSignInBefore: 30, lastSignInAfter: '2026-01-31', group: 'Contractors', status: 'ACTIVE' }, NOW);
    expect(query).toEqual({
      status: 'ACTIVE',
      department: 'Engineering',
      groupName: 'Contractors',
      lastLoginBefore: new Date(NOW - 30 * DAY).toISOString(),
      lastLoginAfter: '2026-01-31T00:00:00.000Z',
    });
  });

  it.each([['2026-02-30', false], ['2026-13-01', false], ['26-01-01', false], ['2026-02-28', true]])('accepts %s as a date: %s', (value, valid) => {
    expect(isIsoDate(value)).toBe(valid);
  });
});

describe('the answer', () => {
  it('is a table of name, email, status, department and last sign-in, then the query and the Okta call', () => {
    const alex = person(1, { firstName: 'Alex', lastName: 'Kim', displayName: 'Alex Kim', email: 'alex.kim@acme.example' });
    const riley = person(2, { firstName: 'Riley', lastName: 'Chen', status: 'STAGED', email: 'riley.chen@acme.example', lastLogin: null, department: null });

    const text = queryAnswerText({ status: 'LOCKED_OUT' }, result([alex, riley]), NOW);

    const lines = text.split('\n');
    expect(lines[0]).toBe('2 people match.');
    const header = lines.indexOf('```') + 1;
    expect(lines[header]).toMatch(/^Name +Email +Status +Department +Last sign-in$/);
    expect(lines[header + 1]).toMatch(/^Alex Kim +alex\.kim@acme\.example +LOCKED_OUT +Engineering +2 days ago \(Dec 4, 12:00 UTC\)$/);
    expect(lines[header + 2]).toMatch(/^Riley Chen +riley\.chen@acme\.example +STAGED +never$/);
    // Columns line up: every cell starts where its header does.
    expect(lines[header + 1]!.indexOf('LOCKED_OUT')).toBe(lines[header]!.indexOf('Status'));
    expect(lines.at(-1)).toBe('Query: all users, status LOCKED_OUT.');
  });

  it('says how many matched when it shows only the first ones, and when Okta had more users than were read', () => {
    const users = [person(1), person(2)];
    expect(queryAnswerText({}, result(users, { matched: 7 }), NOW)).toMatch(/^7 people match; here are the first 2\.\n/);
    expect(queryAnswerText({}, result(users, { matched: 2, complete: false }), NOW)).toMatch(/^2 people match\. Okta has more than the 200 users I looked at, so there may be further matches\.\n/);
    expect(queryAnswerText({}, result([]), NOW)).toMatch(/^Nobody matches\.\n\nQuery: /);
  });

  it('names the group it could not find instead of an empty table', () => {
    const text = queryAnswerText({ groupName: 'Contractrs' }, result([], { group: null }), NOW);
    expect(text).toMatch(/^There is no Okta group named "Contractrs"\.\n\nQuery: members of the group "Contractrs"; deactivated accounts left out\./);
  });

  it('words every term of the query, and the rule for never-signed-in and deactivated accounts', () => {
    const query: UserQuery = { groupName: 'Contractors', department: 'Engineering', lastLoginBefore: new Date(NOW - 30 * DAY).toISOString(), lastLoginAfter: new Date(NOW - 90 * DAY).toISOString() };
    expect(queryAnswerText(query, result([]), NOW)).toContain(
      'Query: members of the group "Contractors", department "Engineering", last sign-in before 30 days ago (Nov 6, 12:00 UTC), or never (accounts created before then), last sign-in since 90 days ago (Sep 7, 12:00 UTC); deactivated accounts left out.',
    );
  });

  it('keeps a name with backticks or line breaks from ending the code block', () => {
    const [page] = userTablePages([person(1, { displayName: 'Evil ```\n@here Name' })], NOW);
    expect(page!.match(/```/g)).toHaveLength(2);
    expect(page).toContain("Evil ''' @here Name");
  });
});

describe('a long answer', () => {
  const many = Array.from({ length: MAX_ROWS }, (_, n) => person(n, { email: `a.rather.long.email.address.${n}@engineering.acme.example`, lastLogin: new Date(NOW - 300 * DAY).toISOString() }));

  it(`splits the table into titled pages of ${PAGE_ROWS} rows`, () => {
    const pages = userTablePages(many.slice(0, 45), NOW);
    expect(pages.map((page) => page.split('\n')[0])).toEqual(['Rows 1-20 of 45:', 'Rows 21-40 of 45:', 'Rows 41-45 of 45:']);
    expect(pages.map((page) => page.split('\n').filter((line) => line.includes('@')).length)).toEqual([20, 20, 5]);
  });

  it('fits Slack: every message within 3,000 characters, the reply uncut, every row exactly once', () => {
    const text = queryAnswerText({ status: 'LOCKED_OUT' }, result(many, { matched: 250 }), NOW);

    const messages = replyMessages(markdownToMrkdwn(text), []);

    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) {
      expect(message.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
      expect((message.text.match(/```/g) ?? []).length % 2).toBe(0);
    }
    const all = messages.map((message) => message.text).join('\n');
    expect(all).not.toContain(TOO_LONG_NOTE);
    for (const user of many) expect(all.split(user.email)).toHaveLength(2);
    expect(all).toContain('Query: all users, status LOCKED_OUT.');
  });
});

describe('runUserQuery', () => {
  it('asks the directory for at most MAX_ROWS and returns its calls', async () => {
    const asked: Array<[UserQuery, number]> = [];
    const directory = {
      queryUsers: async (query: UserQuery, limit: number) => {
        asked.push([query, limit]);
        return result([person(1)]);
      },
    } as unknown as Directory;

    const answer = await runUserQuery(directory, { status: 'LOCKED_OUT', limit: 500 }, NOW);
    await runUserQuery(directory, { status: 'LOCKED_OUT', limit: 5 }, NOW);

    expect(asked.map(([, limit]) => limit)).toEqual([MAX_ROWS, 5]);
    expect(answer).toMatchObject({ shown: 1, calls: [CALL] });
  });
});
