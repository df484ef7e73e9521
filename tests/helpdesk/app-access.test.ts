// The app-access answer on its own: which app the words name, whether the person has it, and which
// group (only ever one, never a guess) an access request would ask for.
import { describe, expect, it } from 'vitest';
import { appAccess, appUnclear, closeLabels, pickApp, readAppAccess, type AppAccessInput } from '../../src/helpdesk/app-access.js';
import type { Directory, DirectoryApp, DirectoryGroup, DirectoryUser, OktaUserStatus } from '../../src/okta/index.js';

const app = (label: string, id = `0oa${label.replace(/\W/g, '').toLowerCase()}`, status = 'ACTIVE'): DirectoryApp => ({ id, label, status });
const group = (name: string, type = 'OKTA_GROUP'): DirectoryGroup => ({ id: `00g${name.toLowerCase()}`, name, description: null, type });

const SALESFORCE = app('Salesforce.com');
const ZOOM = app('Zoom');
const APPS = [SALESFORCE, app('Salesforce Sandbox'), ZOOM, app('GitHub'), app('Workday')];
const SALES = group('Sales');
const ENGINEERING = group('Engineering');

function user(status: OktaUserStatus = 'ACTIVE'): DirectoryUser {
  return {
    id: '00ujordan00000000001', status, login: 'jordan.rivera@acme.example', email: 'jordan.rivera@acme.example', firstName: 'Jordan', lastName: 'Rivera',
    displayName: 'Jordan Rivera', department: 'Engineering', title: null, created: '2025-01-01T00:00:00.000Z', statusChanged: null, lastLogin: null, passwordChanged: null,
  };
}

const input = (overrides: Partial<AppAccessInput>): AppAccessInput => ({ user: user(), app: SALESFORCE, links: [], userGroups: [ENGINEERING], appGroups: [SALES], self: true, ...overrides });
const linkTo = (target: DirectoryApp) => ({ appId: target.id, label: target.label, appName: 'x', hidden: false });

describe('pickApp', () => {
  it.each([
    ['the exact label among prefix matches', 'salesforce.com', [SALESFORCE, APPS[1]!], SALESFORCE],
    ['the only prefix match', 'Sales', [SALESFORCE], SALESFORCE],
    ['nothing when several apps start with the words', 'Salesforce', [SALESFORCE, APPS[1]!], undefined],
    ['nothing when no app matches', 'Slack', [], undefined],
  ])('%s', (_name, query, matches, expected) => {
    expect(pickApp(query, matches)).toEqual(expected);
  });
});

describe('unknown or unclear apps', () => {
  it('says there is no app by that name and lists close labels', () => {
    expect(appUnclear('Salesfroce', [], APPS)).toEqual({ access: 'app_unclear', summary: 'There is no app called "Salesfroce" in Okta. Did you mean Salesforce.com, Salesforce Sandbox?' });
    expect(closeLabels('zom', APPS)).toEqual(['Zoom']);
    expect(closeLabels('Github Enterprise', APPS)).toEqual(['GitHub']);
  });

  it('suggests nothing when no label is close, and lists the candidates when several match', () => {
    expect(appUnclear('Slack', [], APPS).summary).toBe('There is no app called "Slack" in Okta. Check the name on the Okta dashboard.');
    expect(appUnclear('Sales', [SALESFORCE, APPS[1]!], APPS).summary).toBe('Several apps in Okta match "Sales": Salesforce.com, Salesforce Sandbox. Which one do you mean?');
  });
});

describe('appAccess', () => {
  it('says the person already has the app and suggests signing out and in, with no group to request', () => {
    const answer = appAccess(input({ links: [linkTo(SALESFORCE)] }));

    expect(answer.access).toBe('has_access');
    expect(answer.requestGroup).toBeUndefined();
    expect(answer.summary).toBe(
      "You already have access to Salesforce.com in Okta (it is on your Okta dashboard). If it still won't open, sign out of Okta and in again; if that doesn't help, ask me why you can't sign in.",
    );
  });

  it('points a person who has the app but a locked account to the sign-in diagnosis', () => {
    const answer = appAccess(input({ user: user('LOCKED_OUT'), links: [linkTo(SALESFORCE)], self: false }));

    expect(answer.summary).toMatch(/^Jordan Rivera already has access to Salesforce\.com in Okta .* But Jordan Rivera's account is locked out after too many failed sign-ins, which stops every app: ask me why Jordan Rivera can't sign in\.$/);
  });

  it('names the one group that grants the app as the group to request', () => {
    const answer = appAccess(input({ links: [linkTo(ZOOM)] }));

    expect(answer).toEqual({
      access: 'request_group',
      app: SALESFORCE,
      requestGroup: SALES,
      summary: "You don't have access to Salesforce.com: it comes with the Okta group Sales, and you are not in it.",
    });
  });

  it('lists several granting groups and requests none of them', () => {
    const answer = appAccess(input({ app: ZOOM, userGroups: [group('Contractors')], appGroups: [ENGINEERING, SALES], self: false }));

    expect(answer.requestGroup).toBeUndefined();
    expect(answer).toMatchObject({ access: 'choose_group' });
    expect(answer.summary).toBe(
      'Jordan Rivera doesn\'t have access to Zoom: it comes with any one of the Okta groups Engineering or Sales. Ask me for the one that fits (for example "add jordan.rivera@acme.example to Engineering").',
    );
  });

  it('names at most five of many granting groups, without a count it could not know', () => {
    const many = Array.from({ length: 8 }, (_, i) => group(`Team-${i + 1}`));

    const answer = appAccess(input({ appGroups: many }));

    expect(answer.summary).toContain('any one of the Okta groups Team-1, Team-2, Team-3, Team-4, Team-5 and others.');
    expect(answer.requestGroup).toBeUndefined();
  });

  it.each([
    ['assigned to no group', [], /is given to people one by one, not through a group, so there is no group to request; one of the IT admins must assign it to you\.$/],
    ['granted only by groups the help desk cannot change', [group('Everyone', 'BUILT_IN'), group('AD-Sales', 'APP_GROUP')], /comes only with Everyone or AD-Sales, which the help desk cannot change/],
  ])('never guesses a group when the app is %s: an admin must assign it', (_name, appGroups, says) => {
    const answer = appAccess(input({ appGroups }));

    expect(answer.access).toBe('admin_must_assign');
    expect(answer.requestGroup).toBeUndefined();
    expect(answer.summary).toMatch(says);
  });

  it('requests nothing when the person is already in a granting group but Okta does not list the app', () => {
    const answer = appAccess(input({ userGroups: [SALES], appGroups: [SALES] }));

    expect(answer.access).toBe('in_group_without_app');
    expect(answer.requestGroup).toBeUndefined();
    expect(answer.summary).toContain('You are in Sales, which gives Salesforce.com, but Okta does not list the app for you');
  });

  it('says an inactive app opens for nobody, whoever asks', () => {
    const answer = appAccess(input({ app: app('Box', '0oabox', 'INACTIVE'), links: [] }));

    expect(answer.access).toBe('app_inactive');
    expect(answer.requestGroup).toBeUndefined();
    expect(answer.summary).toMatch(/^Box is turned off in Okta/);
  });
});

describe('readAppAccess', () => {
  /** A directory that answers only the app reads, recording which ones were made. */
  function directoryWith(links: DirectoryApp[]) {
    const calls: string[] = [];
    const directory = {
      listApps: async (query?: string) => {
        calls.push(`listApps:${query ?? ''}`);
        return query === undefined ? APPS : APPS.filter((a) => a.label.toLowerCase().startsWith(query.toLowerCase()));
      },
      listAppLinks: async () => (calls.push('listAppLinks'), links.map(linkTo)),
      listUserGroups: async () => (calls.push('listUserGroups'), [ENGINEERING]),
      listAppGroups: async () => (calls.push('listAppGroups'), [SALES]),
    } as unknown as Directory;
    return { directory, calls };
  }

  it('reads no groups when the person already has the app', async () => {
    const { directory, calls } = directoryWith([SALESFORCE]);

    expect((await readAppAccess(directory, user(), 'Salesforce.com', true)).access).toBe('has_access');
    expect(calls).toEqual(['listApps:Salesforce.com', 'listAppLinks']);
  });

  it("reads the person's and the app's groups when the app is missing", async () => {
    const { directory, calls } = directoryWith([]);

    expect((await readAppAccess(directory, user(), 'Salesforce.com', true)).requestGroup).toEqual(SALES);
    expect(calls).toEqual(['listApps:Salesforce.com', 'listAppLinks', 'listUserGroups', 'listAppGroups']);
  });

  it('lists every app only to suggest close labels for a name nothing starts with, and reads nothing about the person', async () => {
    const { directory, calls } = directoryWith([]);

    expect((await readAppAccess(directory, user(), 'Zom', true)).summary).toBe('There is no app called "Zom" in Okta. Did you mean Zoom?');
    expect(calls).toEqual(['listApps:Zom', 'listApps:']);
  });
});
