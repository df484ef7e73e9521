// A small mocked Okta org for agent and desk tests: people with fixed ids and groups, answered
// through msw exactly as Okta answers (search by email or name, a user's groups, group search).
import { http, HttpResponse } from 'msw';
import { expressionFilter } from '../../src/demo/okta/queries.js';
import { ORG_URL, oktaJson, oktaUser, type Recorder } from './okta.js';

export type OrgPerson = { id: string; email: string; firstName: string; lastName: string; department?: string; status?: string; groups: string[] };

export const PEOPLE = {
  sam: { id: '00usam00000000000001', email: 'sam.rivera@acme.example', firstName: 'Sam', lastName: 'Rivera', groups: ['Everyone', 'Helpdesk'] },
  jane: { id: '00ujane0000000000001', email: 'jane.doe@acme.example', firstName: 'Jane', lastName: 'Doe', groups: ['Everyone', 'Engineering'] },
  eve: { id: '00ueve00000000000001', email: 'eve.adams@acme.example', firstName: 'Eve', lastName: 'Adams', groups: ['Everyone', 'Sales'] },
  priya: { id: '00upriya000000000001', email: 'priya.patel@acme.example', firstName: 'Priya', lastName: 'Patel', groups: ['Everyone', 'IT-Admins'] },
} satisfies Record<string, OrgPerson>;

const groupId = (name: string) => `00g${name.replace(/[^A-Za-z]/g, '').toLowerCase().padEnd(17, '0').slice(0, 17)}`;
export const oktaGroup = (name: string) => ({ id: groupId(name), type: 'OKTA_GROUP', profile: { name, description: null } });

export function userBody(person: OrgPerson) {
  const { id, email, firstName, lastName, department, status = 'ACTIVE' } = person;
  return oktaUser({ id, status, profile: { email, login: email, firstName, lastName, displayName: `${firstName} ${lastName}`, ...(department ? { department } : {}) } });
}

/** msw handlers for the reads every request makes; writes are added per test. */
export function orgReads(recorder: Recorder, people: OrgPerson[] = Object.values(PEOPLE)) {
  // Okta's search grammar as the demo org implements it: by email, and by first/last name.
  const bySearch = (search: string | null) => (search ? people.map(userBody).filter(expressionFilter('users.search', search)) : []);
  const allGroups = [...new Set(people.flatMap((p) => p.groups))];
  return [
    http.get(`${ORG_URL}/api/v1/users`, async ({ request }) => {
      await recorder.record(request);
      return oktaJson(bySearch(new URL(request.url).searchParams.get('search')));
    }),
    http.get(`${ORG_URL}/api/v1/users/:id/groups`, async ({ request, params }) => {
      await recorder.record(request);
      const person = people.find((p) => p.id === params.id);
      return person ? oktaJson(person.groups.map(oktaGroup)) : HttpResponse.json({ errorCode: 'E0000007' }, { status: 404 });
    }),
    http.get(`${ORG_URL}/api/v1/groups`, async ({ request }) => {
      await recorder.record(request);
      const q = new URL(request.url).searchParams.get('q')?.toLowerCase() ?? '';
      return oktaJson(allGroups.filter((name) => name.toLowerCase().startsWith(q)).map(oktaGroup));
    }),
    // Nobody in this org has an Okta Verify push factor (tests that need one add their own handler first).
    http.get(`${ORG_URL}/api/v1/users/:id/factors`, async ({ request }) => {
      await recorder.record(request);
      return oktaJson([]);
    }),
    http.get(`${ORG_URL}/api/v1/groups/:id/users`, async ({ request, params }) => {
      await recorder.record(request);
      const name = allGroups.find((g) => groupId(g) === params.id);
      return oktaJson(people.filter((p) => name && p.groups.includes(name)).map(userBody));
    }),
  ];
}
