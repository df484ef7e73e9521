// The demo org answers the user queries the help desk sends exactly as Okta's search does (status,
// profile.department ignoring case, `and`, escaped values), and its seed makes each example of the
// admin queries reachable: someone locked out, Engineering people not signed in for 30+ days, a
// Contractors group with members, a suspended person in Sales.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_OKTA_TOKEN } from '../../../src/demo/okta/index.js';
import { runUserQuery, toDirectoryQuery, type UserQueryRequest } from '../../../src/helpdesk/user-query.js';
import { createDirectory, createOktaClient, type Directory } from '../../../src/okta/index.js';
import { api, startOrg, type RunningOrg } from './helpers.js';

let org: RunningOrg;
let directory: Directory;
beforeAll(async () => {
  org = await startOrg();
  directory = createDirectory(createOktaClient({ orgUrl: org.url, auth: { kind: 'token', token: DEMO_OKTA_TOKEN } }, { maxRetries: 0 }));
});
afterAll(() => org.stop());

const handles = (body: Array<{ profile: { email: string } }>) => body.map((user) => user.profile.email.split('@')[0]).sort();
const search = (expression: string) => api(org, 'GET', `/api/v1/users?search=${encodeURIComponent(expression)}`);

describe('search expressions of user queries', () => {
  it('matches status with eq', async () => {
    expect(handles((await search('status eq "LOCKED_OUT"')).body)).toEqual(['alex.kim']);
  });

  it('matches profile.department ignoring the case of the value, joined with and', async () => {
    const answer = await search('status eq "active" and profile.department eq "ENGINEERING"');
    expect(handles(answer.body)).toEqual(['jordan.rivera', 'noah.fischer', 'omar.haddad']);
  });

  it('reads an escaped quote inside a value as part of the value', async () => {
    const answer = await search('profile.department eq "R\\"D"');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual([]);
  });

  it('includes deactivated accounts in search results, as Okta does', async () => {
    expect(handles((await search('profile.department eq "Sales"')).body)).toContain('taylor.brooks');
  });
});

describe('the admin query examples against the seeded org', () => {
  const emailsOf = async (request: UserQueryRequest) => {
    const result = await directory.queryUsers(toDirectoryQuery(request, Date.now()), 50);
    return result.users.map((user) => user.email.split('@')[0]).sort();
  };

  it('"who is locked out right now?" finds Alex', async () => {
    expect(await emailsOf({ status: 'LOCKED_OUT' })).toEqual(['alex.kim']);
  });

  it('"which Engineering users have not signed in for 30 days?" finds Noah (45 days) and Riley (never)', async () => {
    const answer = await runUserQuery(directory, { department: 'Engineering', lastSignInBefore: 30 }, Date.now());
    expect(answer.shown).toBe(2);
    expect(answer.summary).toMatch(/\nNoah Fischer +noah\.fischer@acme\.example +ACTIVE +Engineering +45 days ago/);
    expect(answer.summary).toMatch(/\nRiley Chen +riley\.chen@acme\.example +STAGED +Engineering +never/);
    expect(answer.calls).toMatchObject([{ method: 'GET', path: '/api/v1/users?search=profile.department%20eq%20%22Engineering%22&limit=200' }]);
  });

  it('"members of Contractors" lists the group\'s members', async () => {
    expect(await emailsOf({ group: 'Contractors' })).toEqual(['chris.morgan', 'noah.fischer']);
  });

  it('"suspended users in Sales" finds Sam', async () => {
    expect(await emailsOf({ status: 'SUSPENDED', department: 'Sales' })).toEqual(['sam.taylor']);
  });
});
