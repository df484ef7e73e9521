// Reading the seeded org: users by id or login, search/filter/q semantics, Link pagination, groups,
// members and factors, each in the JSON shape of the Okta recordings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PEOPLE } from '../../../src/demo/okta/index.js';
import { api, emailOf, groupId, nextLink, recorded, startOrg, userId, type RunningOrg } from './helpers.js';

let org: RunningOrg;
beforeAll(async () => {
  org = await startOrg();
});
afterAll(() => org.stop());

const emails = (body: Array<{ profile: { email: string } }>) => body.map((user) => user.profile.email.split('@')[0]).sort();
const everyone = DEMO_PEOPLE.map((p) => p.email.split('@')[0]).sort();
const everyoneButDeprovisioned = DEMO_PEOPLE.filter((p) => p.status !== 'DEPROVISIONED').map((p) => p.email.split('@')[0]).sort();

describe('GET /api/v1/users/{id or login}', () => {
  it('answers with the keys of the recorded ACTIVE user and absolute links for its state', async () => {
    const answer = await api(org, 'GET', `/api/v1/users/${userId(org, 'jordan.rivera@acme.example')}`);
    const sample = recorded('get-user.active.recorded.json').body;
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body)).toEqual(Object.keys(sample));
    expect(Object.keys(answer.body._links).sort()).toEqual(Object.keys(sample._links).sort());
    expect(answer.body.id).toMatch(/^00u[A-Za-z0-9]{17}$/);
    expect(answer.body._links.suspend).toEqual({ href: `${org.url}/api/v1/users/${answer.body.id}/lifecycle/suspend`, method: 'POST' });
    expect(answer.body.credentials.provider).toEqual({ type: 'OKTA', name: 'OKTA' });
  });

  it('offers unsuspend and no suspend for a SUSPENDED user, like the recording', async () => {
    const answer = await api(org, 'GET', `/api/v1/users/${userId(org, 'sam.taylor@acme.example')}`);
    expect(Object.keys(answer.body._links).sort()).toEqual(Object.keys(recorded('get-user.suspended.recorded.json').body._links).sort());
  });

  it('offers only activate for a STAGED user and leaves activated/statusChanged null, like the recording', async () => {
    const answer = await api(org, 'GET', `/api/v1/users/${encodeURIComponent('riley.chen@acme.example')}`);
    const sample = recorded('get-user.by-login.staged.recorded.json').body;
    expect(answer.body.status).toBe('STAGED');
    expect(Object.keys(answer.body._links).sort()).toEqual(Object.keys(sample._links).sort());
    expect([answer.body.activated, answer.body.statusChanged]).toEqual([null, null]);
  });

  it('answers /users/me with the token owner, the first IT admin, as Okta does for an API token', async () => {
    const answer = await api(org, 'GET', '/api/v1/users/me');
    expect(answer.body.profile.email).toBe('priya.patel@acme.example');
  });

  it('finds a user by login, case-insensitively, with or without an encoded @', async () => {
    const id = userId(org, 'jane.smith@acme.example');
    expect((await api(org, 'GET', '/api/v1/users/Jane.Smith@acme.example')).body.id).toBe(id);
    expect((await api(org, 'GET', '/api/v1/users/jane.smith%40acme.example')).body.id).toBe(id);
  });

  it('answers 404 E0000007 naming the login that was looked up', async () => {
    const answer = await api(org, 'GET', '/api/v1/users/nobody@acme.example');
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({
      errorCode: 'E0000007',
      errorSummary: 'Not found: Resource not found: nobody@acme.example (User)',
      errorLink: 'E0000007',
      errorCauses: [],
    });
  });
});

describe('GET /api/v1/users with search, filter and q', () => {
  it.each([
    ['nothing', '', everyoneButDeprovisioned],
    ['search, exact email in any case', 'search=profile.email eq "JANE.SMITH@acme.example"', ['jane.smith']],
    ['search, and', 'search=profile.department eq "Engineering" and status eq "ACTIVE"', ['jordan.rivera', 'noah.fischer', 'omar.haddad']],
    ['search, or', 'search=status eq "LOCKED_OUT" or status eq "SUSPENDED"', ['alex.kim', 'sam.taylor']],
    ['search, sw', 'search=profile.lastName sw "ta"', ['sam.taylor']],
    ['search, co on firstName', 'search=profile.firstName co "ar"', ['marcus.lee', 'omar.haddad']],
    ['search, parentheses', 'search=(status eq "STAGED" or status eq "DEPROVISIONED") and profile.department eq "Sales"', ['taylor.brooks']],
    ['search, DEPROVISIONED included', 'search=status eq "DEPROVISIONED"', ['taylor.brooks']],
    ['search, the docs\' "not STAGED" idiom', 'search=(status lt "STAGED" or status gt "STAGED")', everyone.filter((name) => name !== 'riley.chen')],
    ['filter, status', 'filter=status eq "SUSPENDED"', ['sam.taylor']],
    ['filter, email (case-sensitive)', 'filter=profile.email eq "jane.smith@acme.example"', ['jane.smith']],
    ['filter, email in other case finds nobody', 'filter=profile.email eq "JANE.SMITH@acme.example"', []],
    ['q, last-name prefix, not DEPROVISIONED', 'q=ta', ['sam.taylor']],
    ['q, first-name and email prefix', 'q=J', ['jane.smith', 'jordan.rivera']],
    ['q, last name', 'q=PATEL', ['priya.patel']],
    ['q, email', 'q=marcus.lee@', ['marcus.lee']],
  ])('%s', async (_case, query, expected) => {
    const answer = await api(org, 'GET', `/api/v1/users?${query.replace(/ /g, '%20').replace(/"/g, '%22')}`);
    expect(answer.status).toBe(200);
    expect(emails(answer.body)).toEqual(expected);
  });

  it.each([
    ['search with no value', 'search=profile.email eq'],
    ['search with ne, which Okta does not support', 'search=status ne "ACTIVE"'],
    ['search with co on a field Okta does not allow', 'search=profile.title co "Engineer"'],
    ['search with an unbalanced parenthesis', 'search=(status eq "ACTIVE"'],
    ['filter on a profile field filter does not support', 'filter=profile.department eq "Sales"'],
    ['filter with sw, which filter does not support', 'filter=profile.firstName sw "J"'],
  ])('answers 400 E0000031 for %s', async (_case, query) => {
    const answer = await api(org, 'GET', `/api/v1/users?${query.replace(/ /g, '%20').replace(/"/g, '%22')}`);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ errorCode: 'E0000031', errorSummary: 'Invalid search criteria.' });
    expect(answer.body.errorCauses).toHaveLength(1);
  });

  it('limits q to 10 results and never pages it', async () => {
    const answer = await api(org, 'GET', '/api/v1/users?q=');
    expect(answer.body).toHaveLength(10);
    expect(nextLink(answer.headers)).toBeUndefined();
  });
});

describe('Link pagination', () => {
  it('walks every user through absolute rel="next" links, without repeats', async () => {
    const seen: string[] = [];
    const followed: string[] = [];
    let url: string | undefined = `${org.url}/api/v1/users?limit=3`;
    while (url) {
      followed.push(url);
      const answer = await api(org, 'GET', url);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('link')).toContain(`<${org.url}/api/v1/users?limit=3`);
      expect(answer.headers.get('link')).toContain('rel="self"');
      seen.push(...answer.body.map((user: { id: string }) => user.id));
      url = nextLink(answer.headers);
    }
    expect(followed).toHaveLength(4);
    expect(followed.every((link) => link.startsWith(`${org.url}/api/v1/users?limit=3`))).toBe(true);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.map((id) => emailOf(org, id).split('@')[0]).sort()).toEqual(everyoneButDeprovisioned);
  });

  it('keeps the search in the next link', async () => {
    const first = await api(org, 'GET', '/api/v1/users?limit=1&search=profile.department%20eq%20%22Engineering%22');
    const next = nextLink(first.headers)!;
    expect(new URL(next).searchParams.get('search')).toBe('profile.department eq "Engineering"');
    const second = await api(org, 'GET', next);
    expect(second.body[0].profile.department).toBe('Engineering');
    expect(second.body[0].id).not.toBe(first.body[0].id);
  });

  it('writes the self link like the recording: limit first, then the query', async () => {
    const answer = await api(org, 'GET', '/api/v1/users?filter=status+eq+%22SUSPENDED%22');
    expect(answer.headers.get('link')).toBe(`<${org.url}/api/v1/users?limit=200&filter=status+eq+%22SUSPENDED%22>; rel="self"`);
  });

  it('rejects an after cursor that did not come from a next link', async () => {
    const answer = await api(org, 'GET', '/api/v1/users?after=made-up');
    expect(answer.status).toBe(400);
    expect(answer.body.errorCode).toBe('E0000001');
  });
});

describe('groups', () => {
  it('puts every user in the built-in Everyone group, shaped like the recording', async () => {
    const answer = await api(org, 'GET', `/api/v1/users/${userId(org, 'priya.patel@acme.example')}/groups`);
    const [everyone, admins] = answer.body;
    const sample = recorded('list-user-groups.recorded.json').body[0];
    expect(Object.keys(everyone)).toEqual(Object.keys(sample));
    expect(everyone).toMatchObject({ type: 'BUILT_IN', profile: { name: 'Everyone', description: sample.profile.description } });
    expect(admins).toMatchObject({ type: 'OKTA_GROUP', objectClass: ['okta:user_group'], profile: { name: 'IT-Admins' } });
    expect(admins._links.users.href).toBe(`${org.url}/api/v1/groups/${admins.id}/users`);
  });

  it.each([
    ['q=eng', ['Engineering']],
    ['q=E', ['Engineering', 'Everyone']],
    ['q=helpdesk', ['Helpdesk']],
    ['search=type%20eq%20%22BUILT_IN%22', ['Everyone']],
    ['search=profile.name%20sw%20%22it-%22', ['IT-Admins']],
    ['filter=type%20eq%20%22OKTA_GROUP%22', ['Contractors', 'Engineering', 'Helpdesk', 'IT-Admins', 'Sales']],
  ])('lists groups for %s', async (query, expected) => {
    const answer = await api(org, 'GET', `/api/v1/groups?${query}`);
    expect(answer.body.map((group: { profile: { name: string } }) => group.profile.name).sort()).toEqual(expected);
  });

  it('gets one group by id and 404s an unknown one', async () => {
    const id = groupId(org, 'Sales');
    expect((await api(org, 'GET', `/api/v1/groups/${id}`)).body.profile.name).toBe('Sales');
    expect((await api(org, 'GET', '/api/v1/groups/00gnope')).body).toMatchObject({
      errorCode: 'E0000007',
      errorSummary: 'Not found: Resource not found: 00gnope (UserGroup)',
    });
  });

  it('lists the members of a group', async () => {
    const answer = await api(org, 'GET', `/api/v1/groups/${groupId(org, 'Helpdesk')}/users`);
    expect(emails(answer.body)).toEqual(['marcus.lee']);
  });
});

describe('factors', () => {
  it('lists enrolled factors with Okta factor types and absolute links', async () => {
    const id = userId(org, 'omar.haddad@acme.example');
    const answer = await api(org, 'GET', `/api/v1/users/${id}/factors`);
    expect(answer.body.map((factor: { factorType: string }) => factor.factorType)).toEqual(['push', 'sms']);
    expect(answer.body[1]).toMatchObject({ provider: 'OKTA', status: 'ACTIVE', profile: { phoneNumber: '+1-555-0104' } });
    expect(answer.body[1]._links.user.href).toBe(`${org.url}/api/v1/users/${id}`);
  });

  it('answers [] for a user with no factors, like the recording', async () => {
    const answer = await api(org, 'GET', `/api/v1/users/${userId(org, 'riley.chen@acme.example')}/factors`);
    expect(answer.body).toEqual(recorded('list-factors.empty.recorded.json').body);
  });
});
