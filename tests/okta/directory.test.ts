// Every directory operation against replayed Okta answers: what was sent, what came back.
import { HttpResponse, delay } from 'msw';
import { describe, expect, it } from 'vitest';
import { createDirectory, createOktaClient, OktaError, type Directory, type OktaUserStatus } from '../../src/okta/index.js';
import { fixture, okta, oktaJson, oktaUser, ORG_URL, replay, SSWS, TOKEN, useMockOkta } from '../helpers/okta.js';

const { server, recorder } = useMockOkta();

function directory(): Directory {
  return createDirectory(createOktaClient({ orgUrl: `${ORG_URL}/`, auth: { kind: 'token', token: TOKEN } }, { requestTimeoutMs: 5_000 }));
}

const JOHN = '00uqrks9ig7XuWV7X5d7';
const TEST_GROUP = '00gqrkqjqdg2c9XZT5d7';
const GROUP_MEMBER = '00uqrkpsp7ZR4AkPB5d7';

const johnComprehensive = {
  id: JOHN,
  status: 'ACTIVE',
  login: 'John.Doe-Comprehensive@example.com',
  email: 'John.Doe-Comprehensive@example.com',
  firstName: 'John',
  lastName: 'Doe-Comprehensive',
  displayName: 'John Doe Comprehensive',
  department: null,
  title: null,
  created: '2025-09-29T03:49:50.000Z',
  statusChanged: '2025-09-29T03:49:51.000Z',
  lastLogin: null,
  passwordChanged: '2025-09-29T03:49:50.000Z',
};

describe('findUserByEmail', () => {
  it('searches profile.email with eq and returns the one matching user', async () => {
    const search = fixture('list-users.search.spec-example.json');
    const ben = (search.body as unknown[])[0];
    server.use(okta(recorder, 'get', '/api/v1/users', () => HttpResponse.json([ben])));

    const user = await directory().findUserByEmail('ben.richler@example.com');

    expect(recorder.sent).toEqual([
      expect.objectContaining({
        method: 'GET',
        path: '/api/v1/users',
        query: { search: 'profile.email eq "ben.richler@example.com"', limit: '10' },
        authorization: SSWS,
      }),
    ]);
    expect(user).toEqual({
      id: '00u1xke1apZnmHgpB1d7',
      status: 'STAGED',
      login: 'ben.richler@example.com',
      email: 'ben.richler@example.com',
      firstName: 'Ben',
      lastName: 'Richler',
      displayName: null,
      department: 'Engineering',
      title: null,
      created: '2021-11-17T16:11:16.000Z',
      statusChanged: null,
      lastLogin: null,
      passwordChanged: null,
    });
  });

  it('escapes backslashes and double quotes inside the searched email', async () => {
    server.use(okta(recorder, 'get', '/api/v1/users', () => HttpResponse.json([])));

    await directory().findUserByEmail('a"b\\c@example.com');

    expect(recorder.sent[0]?.query.search).toBe('profile.email eq "a\\"b\\\\c@example.com"');
  });

  it('returns null when nobody has the email', async () => {
    server.use(okta(recorder, 'get', '/api/v1/users', () => HttpResponse.json([])));

    await expect(directory().findUserByEmail('nobody@example.com')).resolves.toBeNull();
  });

  it('refuses to guess when several users share the email and none has it as login', async () => {
    const shared = { email: 'shared@example.com' };
    const users = [oktaUser({ id: '00u1', profile: { ...shared, login: 'a@example.com' } }), oktaUser({ id: '00u2', profile: { ...shared, login: 'b@example.com' } })];
    server.use(okta(recorder, 'get', '/api/v1/users', () => HttpResponse.json(users)));

    await expect(directory().findUserByEmail('shared@example.com')).rejects.toMatchObject({ code: 'okta_bad_request' });
  });
});

describe('findUsersByName', () => {
  it.each([
    ['Alex Kim', 'profile.firstName eq "Alex" and profile.lastName eq "Kim"'],
    ['Jordan', 'profile.firstName eq "Jordan" or profile.lastName eq "Jordan"'],
    ['Mary Ann Lee', '(profile.firstName eq "Mary" and profile.lastName eq "Ann Lee") or (profile.firstName eq "Mary Ann" and profile.lastName eq "Lee")'],
    ['Jo "x" Doe', '(profile.firstName eq "Jo" and profile.lastName eq "\\"x\\" Doe") or (profile.firstName eq "Jo \\"x\\"" and profile.lastName eq "Doe")'],
  ])('searches the exact first and last name for %s', async (name, search) => {
    server.use(okta(recorder, 'get', '/api/v1/users', fixture('list-users.q.spec-example.json')));

    const users = await directory().findUsersByName(name, 5);

    expect(recorder.sent).toEqual([expect.objectContaining({ method: 'GET', path: '/api/v1/users', query: { search, limit: '5' } })]);
    expect(users).toHaveLength(3);
  });

  it('rejects an empty name without calling Okta', async () => {
    await expect(directory().findUsersByName(' ')).rejects.toMatchObject({ code: 'okta_bad_request' });
    expect(recorder.sent).toEqual([]);
  });
});

describe('searchUsers', () => {
  it('sends q= with the limit and returns every user of the prefix match', async () => {
    server.use(okta(recorder, 'get', '/api/v1/users', fixture('list-users.q.spec-example.json')));

    const users = await directory().searchUsers('john', 10);

    expect(recorder.sent).toEqual([
      expect.objectContaining({ method: 'GET', path: '/api/v1/users', query: { q: 'john', limit: '10' }, authorization: SSWS }),
    ]);
    expect(users.map((u) => [u.id, u.status, u.email])).toEqual([
      ['00u3ojhmm3cCa3a221d7', 'ACTIVE', 'tony.johnson@example.com'],
      ['00u3m5wrdPjJYUFb81d6', 'LOCKED_OUT', 'johnmclean@example.com'],
      ['00u3ojdzgjrAhuYGg1d7', 'ACTIVE', 'john.j.phillips@example.com'],
    ]);
  });

  it('stops at the limit without following the next link', async () => {
    server.use(okta(recorder, 'get', '/api/v1/users', fixture('list-users.paginated.recorded.json')));

    const users = await directory().searchUsers('John', 1);

    expect(users.map((u) => u.id)).toEqual(['00usfdsyqnIjEmHNm4x6']);
    expect(recorder.sent).toHaveLength(1);
  });

  it('follows the absolute next link while under the limit', async () => {
    const page = fixture('list-users.paginated.recorded.json');
    server.use(
      okta(recorder, 'get', '/api/v1/users', (request) =>
        new URL(request.url).searchParams.has('after') ? HttpResponse.json([oktaUser({ id: '00usecond' })]) : replay(page),
      ),
    );

    const users = await directory().searchUsers('John', 5);

    expect(users.map((u) => u.id)).toEqual(['00usfdsyqnIjEmHNm4x6', '00usecond']);
    expect(recorder.sent.map((r) => r.query)).toEqual([
      { q: 'John', limit: '5' },
      { after: '000usfdsyqnIjEmHNm4x6', limit: '1' },
    ]);
  });

  it('rejects an empty query without calling Okta', async () => {
    await expect(directory().searchUsers('  ')).rejects.toMatchObject({ code: 'okta_bad_request' });
    expect(recorder.sent).toEqual([]);
  });
});

describe('getUser', () => {
  it('reads a user by id', async () => {
    server.use(okta(recorder, 'get', `/api/v1/users/${JOHN}`, fixture('get-user.active.recorded.json')));

    const user = await directory().getUser(JOHN);

    expect(recorder.sent).toEqual([expect.objectContaining({ method: 'GET', path: `/api/v1/users/${JOHN}`, query: {}, authorization: SSWS })]);
    expect(user).toEqual(johnComprehensive);
  });

  it('reads a user by login, URL-encoded in the path', async () => {
    server.use(okta(recorder, 'get', '/api/v1/users/:login', fixture('get-user.by-login.staged.recorded.json')));

    const user = await directory().getUser('John.Doe-Get@example.com');

    expect(recorder.sent[0]?.path).toBe('/api/v1/users/John.Doe-Get%40example.com');
    expect(user).toMatchObject({ id: '00usfhrjbkppPBkoY4x6', status: 'STAGED', login: 'John.Doe-Get@example.com', lastName: 'Doe-Get' });
  });

  it('returns null when Okta answers 404 E0000007', async () => {
    server.use(okta(recorder, 'get', '/api/v1/users/:id', fixture('errors/E0000007.user-not-found.recorded.json')));

    await expect(directory().getUser('00usfhrjbkppPBkoY4x6')).resolves.toBeNull();
    expect(recorder.sent).toHaveLength(1);
  });

  it('reads every user again instead of answering from a cache', async () => {
    server.use(
      okta(recorder, 'get', `/api/v1/users/${JOHN}`, (_request, call) =>
        replay(fixture(call === 0 ? 'get-user.active.recorded.json' : 'get-user.suspended.recorded.json')),
      ),
    );
    const dir = directory();

    await dir.getUser(JOHN);
    const second = await dir.getUser(JOHN);

    expect(recorder.sent).toHaveLength(2);
    expect(second?.status).toBe('SUSPENDED');
  });
});

describe('groups', () => {
  it("lists a user's groups", async () => {
    server.use(okta(recorder, 'get', `/api/v1/users/${GROUP_MEMBER}/groups`, fixture('list-user-groups.recorded.json')));

    const groups = await directory().listUserGroups(GROUP_MEMBER);

    expect(recorder.sent).toEqual([
      expect.objectContaining({ method: 'GET', path: `/api/v1/users/${GROUP_MEMBER}/groups`, query: {}, authorization: SSWS }),
    ]);
    expect(groups).toEqual([
      { id: '00gnwlw0pbm3qMcXs5d7', name: 'Everyone', description: 'All users in your organization', type: 'BUILT_IN' },
      { id: TEST_GROUP, name: 'Test-User-Group', description: null, type: 'OKTA_GROUP' },
    ]);
  });

  it("lists a group's members with a bounded limit", async () => {
    server.use(okta(recorder, 'get', `/api/v1/groups/${TEST_GROUP}/users`, () => oktaJson([oktaUser({ id: GROUP_MEMBER })])));

    const members = await directory().listGroupMembers(TEST_GROUP);

    expect(recorder.sent).toEqual([
      expect.objectContaining({ method: 'GET', path: `/api/v1/groups/${TEST_GROUP}/users`, query: { limit: '200' }, authorization: SSWS }),
    ]);
    expect(members.map((m) => m.id)).toEqual([GROUP_MEMBER]);
  });

  it('finds groups by name prefix with q=', async () => {
    server.use(okta(recorder, 'get', '/api/v1/groups', fixture('list-groups.q.recorded.json')));

    const groups = await directory().findGroupsByName('Group-Target-Test');

    expect(recorder.sent).toEqual([
      expect.objectContaining({ method: 'GET', path: '/api/v1/groups', query: { q: 'Group-Target-Test', limit: '200' }, authorization: SSWS }),
    ]);
    expect(groups).toEqual([{ id: '00gsfbh2pJyrDzGmQ4x6', name: 'Group-Target-Test', description: null, type: 'OKTA_GROUP' }]);
  });

  it('puts the exact, case-insensitive name match before longer prefix matches', async () => {
    const [west, engineering] = fixture('list-groups.spec-example.json').body as Array<{ profile: object }>;
    const body = [west, { ...engineering, profile: { ...engineering?.profile, name: 'west' } }];
    server.use(okta(recorder, 'get', '/api/v1/groups', () => HttpResponse.json(body)));

    const groups = await directory().findGroupsByName('West');

    expect(groups.map((g) => g.name)).toEqual(['west', 'West Coast users']);
  });

  it.each([
    [TEST_GROUP, true],
    ['00gNotAMember', false],
  ])('isMember(%s) answers %s from the user\'s groups', async (groupId, expected) => {
    server.use(okta(recorder, 'get', `/api/v1/users/${GROUP_MEMBER}/groups`, fixture('list-user-groups.recorded.json')));

    await expect(directory().isMember(GROUP_MEMBER, groupId)).resolves.toBe(expected);
    expect(recorder.sent.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /api/v1/users/${GROUP_MEMBER}/groups`]);
  });

  it('adds a user with PUT and returns the request id of the 204', async () => {
    server.use(okta(recorder, 'put', '/api/v1/groups/:groupId/users/:userId', fixture('assign-user-to-group.204.recorded.json')));

    const receipt = await directory().addToGroup(GROUP_MEMBER, TEST_GROUP);

    expect(recorder.sent).toEqual([
      expect.objectContaining({ method: 'PUT', path: `/api/v1/groups/${TEST_GROUP}/users/${GROUP_MEMBER}`, query: {}, authorization: SSWS }),
    ]);
    expect(receipt).toEqual({ requestId: '7c19710c14fce9c78a0c3e9d5bb1ffaf' });
  });

  it('removes a user with DELETE and returns the request id of the 204', async () => {
    server.use(okta(recorder, 'delete', '/api/v1/groups/:groupId/users/:userId', fixture('unassign-user-from-group.204.recorded.json')));

    const receipt = await directory().removeFromGroup(GROUP_MEMBER, TEST_GROUP);

    expect(recorder.sent).toEqual([
      expect.objectContaining({ method: 'DELETE', path: `/api/v1/groups/${TEST_GROUP}/users/${GROUP_MEMBER}`, query: {}, authorization: SSWS }),
    ]);
    expect(receipt.requestId).toBe(fixture('unassign-user-from-group.204.recorded.json').headers['x-okta-request-id']);
  });

  it('gives each of two concurrent writes its own request id', async () => {
    server.use(
      okta(recorder, 'put', '/api/v1/groups/:groupId/users/:userId', async (request) => {
        const slow = request.url.includes('/groups/00gSlow/');
        await delay(slow ? 150 : 10);
        return new HttpResponse(null, { status: 204, headers: { 'x-okta-request-id': slow ? 'req-slow' : 'req-fast' } });
      }),
    );
    const dir = directory();

    const [slow, fast] = await Promise.all([dir.addToGroup(GROUP_MEMBER, '00gSlow'), dir.addToGroup(GROUP_MEMBER, '00gFast')]);

    expect([slow.requestId, fast.requestId]).toEqual(['req-slow', 'req-fast']);
  });
});

describe('password reset link', () => {
  it('posts reset_password with sendEmail=false and returns the link with its request id', async () => {
    const recorded = fixture('reset-password.sendEmail-false.recorded.json');
    server.use(okta(recorder, 'post', `/api/v1/users/${JOHN}/lifecycle/reset_password`, recorded));

    const link = await directory().createPasswordResetLink(JOHN);

    expect(recorder.sent).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: `/api/v1/users/${JOHN}/lifecycle/reset_password`,
        query: { sendEmail: 'false' },
        authorization: SSWS,
      }),
    ]);
    expect(link).toEqual({ resetPasswordUrl: 'https://test.okta.com/reset_password/drpwf5himYrnOpIMbDfb', requestId: '22803a483906511558a95ace71b02fa4' });
  });
});

describe('lock', () => {
  it('suspends, then ends every session, and returns both request ids', async () => {
    server.use(
      okta(recorder, 'post', `/api/v1/users/${JOHN}/lifecycle/suspend`, fixture('suspend.success.recorded.json')),
      okta(recorder, 'delete', `/api/v1/users/${JOHN}/sessions`, () => new HttpResponse(null, { status: 204, headers: { 'x-okta-request-id': 'req-sessions' } })),
    );

    const receipt = await directory().lock(JOHN);

    expect(recorder.sent.map((r) => [r.method, r.path, r.query, r.authorization])).toEqual([
      ['POST', `/api/v1/users/${JOHN}/lifecycle/suspend`, {}, SSWS],
      ['DELETE', `/api/v1/users/${JOHN}/sessions`, {}, SSWS],
    ]);
    expect(receipt).toEqual({ suspendRequestId: '09fc777bcbd2110d19e396f3effdff5f', sessionsRequestId: 'req-sessions' });
  });

  it('reports the completed suspend when ending sessions fails', async () => {
    server.use(
      okta(recorder, 'post', `/api/v1/users/${JOHN}/lifecycle/suspend`, fixture('suspend.success.recorded.json')),
      okta(recorder, 'delete', `/api/v1/users/${JOHN}/sessions`, fixture('errors/E0000006.spec-example.json')),
    );

    const failure = directory().lock(JOHN);

    await expect(failure).rejects.toBeInstanceOf(OktaError);
    await expect(failure).rejects.toMatchObject({
      code: 'okta_forbidden',
      message: expect.stringContaining('suspended'),
      completedSteps: [{ step: 'suspend', requestId: '09fc777bcbd2110d19e396f3effdff5f' }],
    });
  });

  it('does not end sessions when the suspend is refused', async () => {
    server.use(okta(recorder, 'post', `/api/v1/users/${JOHN}/lifecycle/suspend`, fixture('suspend.not-active.E0000001.json')));

    await expect(directory().lock(JOHN)).rejects.toMatchObject({ code: 'okta_wrong_state', oktaErrorCode: 'E0000001' });
    expect(recorder.sent.map((r) => r.path)).toEqual([`/api/v1/users/${JOHN}/lifecycle/suspend`]);
  });
});

describe('unlock', () => {
  it('calls lifecycle/unlock for a LOCKED_OUT user', async () => {
    server.use(
      okta(recorder, 'post', `/api/v1/users/${JOHN}/lifecycle/unlock`, () => replay(fixture('unlock.success.docs.json'), { 'x-okta-request-id': 'req-unlock' })),
    );

    const receipt = await directory().unlock({ id: JOHN, status: 'LOCKED_OUT' });

    expect(recorder.sent).toEqual([
      expect.objectContaining({ method: 'POST', path: `/api/v1/users/${JOHN}/lifecycle/unlock`, query: {}, authorization: SSWS }),
    ]);
    expect(receipt).toEqual({ via: 'unlock', requestId: 'req-unlock' });
  });

  it('calls lifecycle/unsuspend for a SUSPENDED user', async () => {
    server.use(okta(recorder, 'post', `/api/v1/users/${JOHN}/lifecycle/unsuspend`, fixture('unsuspend.success.recorded.json')));

    const receipt = await directory().unlock({ id: JOHN, status: 'SUSPENDED' });

    expect(recorder.sent).toEqual([
      expect.objectContaining({ method: 'POST', path: `/api/v1/users/${JOHN}/lifecycle/unsuspend`, query: {}, authorization: SSWS }),
    ]);
    expect(receipt).toEqual({ via: 'unsuspend', requestId: fixture('unsuspend.success.recorded.json').headers['x-okta-request-id'] });
  });

  it.each<OktaUserStatus>(['ACTIVE', 'STAGED', 'PROVISIONED', 'RECOVERY', 'PASSWORD_EXPIRED', 'DEPROVISIONED'])(
    'answers okta_wrong_state for a %s user without calling Okta',
    async (status) => {
      await expect(directory().unlock({ id: JOHN, status })).rejects.toMatchObject({ code: 'okta_wrong_state' });
      expect(recorder.sent).toEqual([]);
    },
  );
});

describe('factors', () => {
  it('resets every factor and returns the request id', async () => {
    server.use(okta(recorder, 'post', '/api/v1/users/:id/lifecycle/reset_factors', fixture('reset-factors.recorded.json')));

    const receipt = await directory().resetFactors('00uqrkpm4sjoVvxsL5d7');

    expect(recorder.sent).toEqual([
      expect.objectContaining({ method: 'POST', path: '/api/v1/users/00uqrkpm4sjoVvxsL5d7/lifecycle/reset_factors', query: {}, authorization: SSWS }),
    ]);
    expect(receipt).toEqual({ requestId: '053d5c0447871525f1af450b1f5ce635' });
  });

  it('lists factors with type, provider and status only', async () => {
    server.use(okta(recorder, 'get', '/api/v1/users/:id/factors', fixture('list-factors.spec-example.json')));

    const factors = await directory().listFactors('00uUser');

    expect(recorder.sent).toEqual([expect.objectContaining({ method: 'GET', path: '/api/v1/users/00uUser/factors', query: {}, authorization: SSWS })]);
    expect(factors).toEqual([
      { id: 'ufs2bysphxKODSZKWVCT', factorType: 'question', provider: 'OKTA', status: 'ACTIVE' },
      { id: 'ostf2gsyictRQDSGTDZE', factorType: 'token:software:totp', provider: 'OKTA', status: 'PENDING_ACTIVATION' },
      { id: 'sms2gt8gzgEBPUWBIFHN', factorType: 'sms', provider: 'OKTA', status: 'ACTIVE' },
    ]);
  });

  it.each([
    ['list-factors.sms-pending.recorded.json', [{ id: 'mblsf9bdcP8tGDTMi4x6', factorType: 'sms', provider: 'OKTA', status: 'PENDING_ACTIVATION' }]],
    ['list-factors.empty.recorded.json', []],
  ])('maps the recorded answer %s', async (name, expected) => {
    server.use(okta(recorder, 'get', '/api/v1/users/:id/factors', fixture(name)));

    await expect(directory().listFactors('00uUser')).resolves.toEqual(expected);
  });
});

describe('Okta Verify push with number matching', () => {
  const FACTOR = 'opf3hkfocI4JTLAju0g4';
  const TX = 'v2mst.GldKV5VxTrifyeZmWSQguA';
  const withOrg = (f: ReturnType<typeof fixture>) => JSON.parse(JSON.stringify(f.body).replaceAll('https://{yourOktaDomain}', ORG_URL)) as unknown;

  it('asks for a number challenge in the body and returns the number, the transaction and the request id', async () => {
    const answer = fixture('verify-push.number-challenge.docs.json');
    server.use(okta(recorder, 'post', '/api/v1/users/:id/factors/:factorId/verify', () => oktaJson(withOrg(answer), { status: 201, requestId: 'req-push-1' })));

    const challenge = await directory().startPushVerification('00uUser', FACTOR);

    expect(recorder.sent).toEqual([
      expect.objectContaining({ method: 'POST', path: `/api/v1/users/00uUser/factors/${FACTOR}/verify`, body: '{"useNumberMatchingChallenge":true}', authorization: SSWS }),
    ]);
    expect(challenge).toEqual({ factorId: FACTOR, transactionId: TX, correctAnswer: 72, expiresAt: '2015-04-01T15:57:32.000Z', requestId: 'req-push-1' });
  });

  it('refuses an answer without a number to show (a push without number matching)', async () => {
    const answer = withOrg(fixture('verify-push.number-challenge.docs.json')) as Record<string, unknown>;
    delete answer._embedded;
    server.use(okta(recorder, 'post', '/api/v1/users/:id/factors/:factorId/verify', () => oktaJson(answer, { status: 201 })));

    await expect(directory().startPushVerification('00uUser', FACTOR)).rejects.toMatchObject({ code: 'okta_bad_request' });
  });

  it('maps a missing factor to okta_not_found', async () => {
    server.use(okta(recorder, 'post', '/api/v1/users/:id/factors/:factorId/verify', () => replay(fixture('errors/E0000007.spec-example.json'))));

    await expect(directory().startPushVerification('00uUser', 'nope')).rejects.toMatchObject({ code: 'okta_not_found' });
  });

  it.each([
    ['push-transaction.waiting.docs.json', 'WAITING'],
    ['push-transaction.success.docs.json', 'SUCCESS'],
    ['push-transaction.rejected.docs.json', 'REJECTED'],
    ['push-transaction.timeout.docs.json', 'TIMEOUT'],
  ])('reads the transaction %s as %s', async (name, expected) => {
    server.use(okta(recorder, 'get', '/api/v1/users/:id/factors/:factorId/transactions/:tx', () => oktaJson(withOrg(fixture(name)))));

    await expect(directory().pushVerificationResult('00uUser', FACTOR, TX)).resolves.toBe(expected);
    expect(recorder.sent).toEqual([expect.objectContaining({ method: 'GET', path: `/api/v1/users/00uUser/factors/${FACTOR}/transactions/${TX}` })]);
  });

  it('does not guess at a result Okta does not document for pushes', async () => {
    server.use(okta(recorder, 'get', '/api/v1/users/:id/factors/:factorId/transactions/:tx', () => oktaJson({ factorResult: 'CANCELLED' })));

    await expect(directory().pushVerificationResult('00uUser', FACTOR, TX)).rejects.toMatchObject({ code: 'okta_unavailable' });
  });
});

describe('list failures', () => {
  it('surfaces an error on a later page instead of returning the items read so far', async () => {
    const page = fixture('list-users.paginated.recorded.json');
    server.use(
      okta(recorder, 'get', '/api/v1/users', (request) =>
        new URL(request.url).searchParams.has('after') ? replay(fixture('errors/E0000047.spec-example.json')) : replay(page),
      ),
    );

    await expect(directory().searchUsers('John', 5)).rejects.toMatchObject({ code: 'okta_rate_limited' });
    expect(recorder.sent).toHaveLength(2);
  });

  it('never answers an empty list when Okta fails', async () => {
    server.use(okta(recorder, 'get', '/api/v1/users/:id/groups', () => oktaJson({ errorCode: 'E0000009', errorSummary: 'Internal Server Error' }, { status: 500 })));

    await expect(directory().listUserGroups(GROUP_MEMBER)).rejects.toMatchObject({ code: 'okta_unavailable', status: 500 });
  });
});

describe('System Log of one user', () => {
  const WINDOW = { since: '2026-11-16T09:00:00.000Z', until: '2026-11-23T09:00:00.000Z' };
  const EVIDENCE = [{ eventType: 'user.session.start', outcome: 'FAILURE' }, { eventType: 'user.account.lock' }];
  const specEvent = (fixture('system-log.list.spec-example.json').body as Array<Record<string, unknown>>)[0]!;

  it('sends a bounded, newest-first query: since, until, the user as actor or target, and the event selectors', async () => {
    server.use(okta(recorder, 'get', '/api/v1/logs', () => oktaJson([])));

    await directory().listUserLogEvents(JOHN, WINDOW, EVIDENCE, 20);

    expect(recorder.sent).toEqual([
      expect.objectContaining({
        method: 'GET',
        path: '/api/v1/logs',
        query: {
          since: WINDOW.since,
          until: WINDOW.until,
          filter: `(actor.id eq "${JOHN}" or target.id eq "${JOHN}") and ((eventType eq "user.session.start" and outcome.result eq "FAILURE") or eventType eq "user.account.lock")`,
          limit: '20',
          sortOrder: 'DESCENDING',
        },
        authorization: SSWS,
      }),
    ]);
  });

  it('maps the spec example LogEvent to what explains the trouble, and nothing else', async () => {
    server.use(okta(recorder, 'get', '/api/v1/logs', () => oktaJson([specEvent])));

    const events = await directory().listUserLogEvents(JOHN, WINDOW, EVIDENCE);

    expect(events).toEqual([
      {
        id: 'dc9fd3c0-598c-11ef-8478-2b7584bf8d5a',
        eventType: 'user.session.start',
        published: '2024-08-13T15:58:20.353Z',
        outcome: { result: 'SUCCESS', reason: null },
        displayMessage: 'User login to Okta',
        actor: { id: '00uttidj01jqL21aM1d6', alternateId: 'john.doe@example.com', displayName: 'John Doe' },
      },
    ]);
  });

  it('reads a failure reason and a missing actor as Okta sends them', async () => {
    const failed = { ...specEvent, outcome: { result: 'FAILURE', reason: 'INVALID_CREDENTIALS' }, actor: undefined };
    server.use(okta(recorder, 'get', '/api/v1/logs', () => oktaJson([failed])));

    const [event] = await directory().listUserLogEvents(JOHN, WINDOW, EVIDENCE);

    expect(event).toMatchObject({ outcome: { result: 'FAILURE', reason: 'INVALID_CREDENTIALS' }, actor: { id: '', alternateId: '', displayName: null } });
  });

  it('stops at the limit even when Okta links a further page', async () => {
    const next = `${ORG_URL}/api/v1/logs?after=more`;
    server.use(okta(recorder, 'get', '/api/v1/logs', () => oktaJson([specEvent, specEvent, specEvent], { headers: { link: `<${next}>; rel="next"` } })));

    await expect(directory().listUserLogEvents(JOHN, WINDOW, EVIDENCE, 2)).resolves.toHaveLength(2);
    expect(recorder.sent).toHaveLength(1);
  });

  it('caps the limit it asks Okta for', async () => {
    server.use(okta(recorder, 'get', '/api/v1/logs', () => oktaJson([])));

    await directory().listUserLogEvents(JOHN, WINDOW, EVIDENCE, 5000);

    expect(recorder.sent[0]?.query.limit).toBe('100');
  });

  it('maps an Okta failure to a coded error instead of an empty history', async () => {
    server.use(okta(recorder, 'get', '/api/v1/logs', fixture('errors/E0000047.spec-example.json')));

    await expect(directory().listUserLogEvents(JOHN, WINDOW, EVIDENCE)).rejects.toMatchObject({ code: 'okta_rate_limited' });
  });

  it.each([
    ['an open window (no until)', { since: WINDOW.since, until: '' }, EVIDENCE],
    ['no event selectors', WINDOW, []],
  ])('rejects %s without calling Okta', async (_case, window, events) => {
    await expect(directory().listUserLogEvents(JOHN, window, events)).rejects.toMatchObject({ code: 'okta_bad_request' });
    expect(recorder.sent).toEqual([]);
  });
});
