// directory.queryUsers against replayed Okta answers: the search expression or group listing that was
// sent, what is checked in code (sign-in times, deactivated accounts), the LIST_CAP bound, and the
// call list, which must be exactly the requests Okta received.
import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { createDirectory, createOktaClient, LIST_CAP, type Directory, type OktaCall } from '../../src/okta/index.js';
import { fixture, okta, oktaJson, oktaUser, ORG_URL, TOKEN, useMockOkta, type SentRequest } from '../helpers/okta.js';

const { server, recorder } = useMockOkta();

function directory(): Directory {
  return createDirectory(createOktaClient({ orgUrl: ORG_URL, auth: { kind: 'token', token: TOKEN } }, { requestTimeoutMs: 5_000 }));
}

/** The calls the directory reports, parsed like the recorder parses what the SDK sent. */
const parsed = (calls: OktaCall[]) =>
  calls.map(({ method, path }) => {
    const url = new URL(path, ORG_URL);
    return { method, path: url.pathname, query: Object.fromEntries(url.searchParams) };
  });
/** What was sent, as the recorder shows it: a paging cursor (`after`) is not shown (src/okta/calls.ts). */
const sentCalls = (sent: SentRequest[]) =>
  sent.map(({ method, path, query }) => ({ method, path, query: 'after' in query ? { ...query, after: '…' } : query }));

const user = (id: string, status: string, lastLogin: string | null, created = '2026-01-01T00:00:00.000Z', department = 'Engineering') => ({
  ...oktaUser({ id, status, profile: { department } }),
  lastLogin,
  created,
});

describe('queryUsers with Okta search', () => {
  it('sends status and department as one search expression and reports that call', async () => {
    const engineering = fixture('list-users.search.spec-example.json');
    server.use(okta(recorder, 'get', '/api/v1/users', () => HttpResponse.json(engineering.body as never)));

    const result = await directory().queryUsers({ status: 'STAGED', department: 'Engineering' }, 10);

    expect(recorder.sent.map((r) => r.query)).toEqual([{ search: 'status eq "STAGED" and profile.department eq "Engineering"', limit: String(LIST_CAP) }]);
    expect(parsed(result.calls)).toEqual(sentCalls(recorder.sent));
    // The recorded answer also holds a PROVISIONED user: every term is checked again in code.
    expect(result.users.map((u) => u.email)).toEqual(['ben.richler@example.com']);
    expect(result).toMatchObject({ matched: 1, complete: true });
  });

  it('escapes quotes and backslashes in the department value', async () => {
    server.use(okta(recorder, 'get', '/api/v1/users', () => oktaJson([])));

    await directory().queryUsers({ department: 'R"D\\x' }, 10);

    expect(recorder.sent[0]?.query.search).toBe('profile.department eq "R\\"D\\\\x"');
  });

  it('keeps sign-in times out of the search and checks them in code, counting never-signed-in accounts that existed by then', async () => {
    const cutoff = '2026-11-06T00:00:00.000Z';
    server.use(
      okta(recorder, 'get', '/api/v1/users', () =>
        oktaJson([
          user('00u000000000000old01', 'ACTIVE', '2026-10-01T00:00:00.000Z'),
          user('00u000000000000new01', 'ACTIVE', '2026-12-01T00:00:00.000Z'),
          user('00u00000000000never1', 'STAGED', null, '2026-02-01T00:00:00.000Z'),
          user('00u00000000000young1', 'STAGED', null, '2026-12-01T00:00:00.000Z'),
          user('00u0000000000000gone', 'DEPROVISIONED', '2026-01-01T00:00:00.000Z'),
        ]),
      ),
    );

    const before = await directory().queryUsers({ department: 'engineering', lastLoginBefore: cutoff }, 10);
    expect(recorder.sent[0]?.query.search).toBe('profile.department eq "engineering"');
    expect(before.users.map((u) => u.id)).toEqual(['00u000000000000old01', '00u00000000000never1']);

    const after = await directory().queryUsers({ department: 'Engineering', lastLoginAfter: cutoff }, 10);
    expect(after.users.map((u) => u.id)).toEqual(['00u000000000000new01']);

    const deactivated = await directory().queryUsers({ status: 'DEPROVISIONED', lastLoginBefore: cutoff }, 10);
    expect(deactivated.users.map((u) => u.id)).toEqual(['00u0000000000000gone']);
  });

  it('lists without a search parameter when only sign-in times are asked for', async () => {
    server.use(okta(recorder, 'get', '/api/v1/users', () => oktaJson([])));

    await directory().queryUsers({ lastLoginAfter: '2026-11-06T00:00:00.000Z' }, 10);

    expect(recorder.sent[0]?.query).toEqual({ limit: String(LIST_CAP) });
  });

  it('says first N of how many matched when more match than the limit', async () => {
    const locked = Array.from({ length: 5 }, (_, i) => user(`00u00000000000locked${i}`, 'LOCKED_OUT', null));
    server.use(okta(recorder, 'get', '/api/v1/users', () => oktaJson(locked)));

    const result = await directory().queryUsers({ status: 'LOCKED_OUT' }, 2);

    expect(result.users.map((u) => u.id)).toEqual(['00u00000000000locked0', '00u00000000000locked1']);
    expect(result).toMatchObject({ matched: 5, complete: true });
  });

  it('reads one user past LIST_CAP to know Okta has more, and reports both page calls', async () => {
    const page = (from: number, count: number) => Array.from({ length: count }, (_, i) => user(`00u${String(from + i).padStart(17, '0')}`, 'LOCKED_OUT', null));
    server.use(
      okta(recorder, 'get', '/api/v1/users', (request) =>
        new URL(request.url).searchParams.has('after')
          ? oktaJson(page(LIST_CAP, 3))
          : oktaJson(page(0, LIST_CAP), { headers: { link: `<${ORG_URL}/api/v1/users?search=status+eq+%22LOCKED_OUT%22&limit=${LIST_CAP}&after=last>; rel="next"` } }),
      ),
    );

    const result = await directory().queryUsers({ status: 'LOCKED_OUT' }, 10);

    expect(recorder.sent).toHaveLength(2);
    expect(parsed(result.calls)).toEqual(sentCalls(recorder.sent));
    expect(result).toMatchObject({ matched: LIST_CAP, complete: false });
    expect(result.users).toHaveLength(10);
  });
});

describe('queryUsers of a group', () => {
  const CONTRACTORS = '00g0000000contractor';
  const contractors = { ...(fixture('list-groups.q.recorded.json').body as Array<Record<string, unknown>>)[0], id: CONTRACTORS, profile: { name: 'Contractors', description: null } };

  it("finds the group by its exact name, lists its members and checks the other terms in code", async () => {
    server.use(
      okta(recorder, 'get', '/api/v1/groups', () => oktaJson([contractors])),
      okta(recorder, 'get', `/api/v1/groups/${CONTRACTORS}/users`, () =>
        oktaJson([user('00u0000000000active1', 'ACTIVE', null, undefined, 'Design'), user('00u000000000000susp1', 'SUSPENDED', null, undefined, 'Design')]),
      ),
    );

    const result = await directory().queryUsers({ groupName: 'contractors', status: 'SUSPENDED', department: 'design' }, 10);

    expect(recorder.sent.map(({ path, query }) => [path, query])).toEqual([
      ['/api/v1/groups', { q: 'contractors', limit: String(LIST_CAP) }],
      [`/api/v1/groups/${CONTRACTORS}/users`, { limit: String(LIST_CAP) }],
    ]);
    expect(parsed(result.calls)).toEqual(sentCalls(recorder.sent));
    expect(result.group).toMatchObject({ id: CONTRACTORS, name: 'Contractors' });
    expect(result.users.map((u) => u.id)).toEqual(['00u000000000000susp1']);
  });

  it('answers group: null and lists nobody when no group has exactly that name', async () => {
    server.use(okta(recorder, 'get', '/api/v1/groups', () => oktaJson([{ ...contractors, profile: { name: 'Contractors-EU', description: null } }])));

    const result = await directory().queryUsers({ groupName: 'Contractors' }, 10);

    expect(recorder.sent).toHaveLength(1);
    expect(result).toMatchObject({ group: null, users: [], matched: 0 });
  });
});
