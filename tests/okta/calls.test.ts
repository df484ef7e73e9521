// The sources of an answer: each HTTP call the SDK makes inside recordOktaCalls is recorded with
// its method, a secret-free path, status, time and Okta's request id; nothing outside; token
// requests never; and a reset link's token never appears.
import { generateKeyPairSync } from 'node:crypto';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import type { OktaAuth } from '../../src/config.js';
import { sourcePath } from '../../src/okta/calls.js';
import { createDirectory, createOktaClient, recordOktaCalls, type Directory } from '../../src/okta/index.js';
import { fixture, okta, oktaJson, ORG_URL, replay, TOKEN } from '../helpers/okta.js';
import { useMockOkta } from '../helpers/okta.js';

const { server, recorder } = useMockOkta();

const USER = '00uqrks9ig7XuWV7X5d7';
const tokenAuth: OktaAuth = { kind: 'token', token: TOKEN };
const groupsFixture = fixture('list-user-groups.recorded.json');
const resetFixture = fixture('reset-password.sendEmail-false.recorded.json');

const directory = (options = {}): Directory => createDirectory(createOktaClient({ orgUrl: ORG_URL, auth: tokenAuth }, options));

describe('recordOktaCalls', () => {
  it("records a read's method, path, status, Okta's request id and the time it answered", async () => {
    server.use(okta(recorder, 'get', `/api/v1/users/${USER}/groups`, groupsFixture));
    const before = new Date().toISOString();

    const { result, calls } = await recordOktaCalls(() => directory().listUserGroups(USER));

    expect(result).toHaveLength(2);
    expect(calls).toEqual([
      { method: 'GET', path: `/api/v1/users/${USER}/groups`, status: 200, requestId: groupsFixture.headers['x-okta-request-id'], at: expect.any(String) },
    ]);
    expect(calls[0]!.at >= before && calls[0]!.at <= new Date().toISOString()).toBe(true);
  });

  it('keeps the query of a search, encoded as sent, and records a failed answer with its status', async () => {
    server.use(
      okta(recorder, 'get', '/api/v1/users', () => oktaJson([], { requestId: 'req-search' })),
      okta(recorder, 'get', '/api/v1/users/nobody', () => replay(fixture('errors/E0000007.user-not-found.recorded.json'))),
    );

    const { calls } = await recordOktaCalls(async () => [await directory().findUserByEmail('alex@acme.example'), await directory().getUser('nobody')]);

    expect(calls.map(({ method, path, status, requestId }) => ({ method, path, status, requestId }))).toEqual([
      { method: 'GET', path: `/api/v1/users?search=${encodeURIComponent('profile.email eq "alex@acme.example"')}&limit=10`, status: 200, requestId: 'req-search' },
      { method: 'GET', path: '/api/v1/users/nobody', status: 404, requestId: fixture('errors/E0000007.user-not-found.recorded.json').headers['x-okta-request-id'] ?? null },
    ]);
  });

  it('records nothing outside a recording, and each of two concurrent recordings only its own calls', async () => {
    server.use(
      okta(recorder, 'get', '/api/v1/users/:id/groups', async (request) => {
        const id = new URL(request.url).pathname.split('/')[4];
        // The first asked answers last, so the two recordings overlap.
        if (id === 'first') await new Promise((resolve) => setTimeout(resolve, 50));
        return oktaJson([], { requestId: `req-${id}` });
      }),
    );
    const shared = directory();

    await shared.listUserGroups('outside');
    const [first, second] = await Promise.all([recordOktaCalls(() => shared.listUserGroups('first')), recordOktaCalls(() => shared.listUserGroups('second'))]);

    expect(recorder.sent).toHaveLength(3);
    expect(first.calls.map((c) => c.requestId)).toEqual(['req-first']);
    expect(second.calls.map((c) => c.requestId)).toEqual(['req-second']);
  });

  it('adds the calls of a nested recording to the enclosing one too', async () => {
    server.use(okta(recorder, 'get', '/api/v1/users/:id/groups', () => oktaJson([], { requestId: 'req-nested' })));
    const shared = directory();

    const outer = await recordOktaCalls(async () => {
      await shared.listUserGroups('a');
      return recordOktaCalls(() => shared.listUserGroups('b'));
    });

    expect(outer.result.calls.map((c) => c.path)).toEqual(['/api/v1/users/b/groups']);
    expect(outer.calls.map((c) => c.path)).toEqual(['/api/v1/users/a/groups', '/api/v1/users/b/groups']);
  });

  it('records a rate-limited attempt and its retry as two calls', async () => {
    let attempts = 0;
    server.use(
      okta(recorder, 'get', `/api/v1/users/${USER}`, () => {
        attempts += 1;
        const now = new Date();
        if (attempts === 1) {
          return HttpResponse.json(fixture('errors/E0000047.rate-limit.recorded.json').body as object, {
            status: 429,
            headers: { Date: now.toUTCString(), 'X-Rate-Limit-Reset': String(Math.floor(now.getTime() / 1000)), 'x-okta-request-id': 'req-429' },
          });
        }
        return replay(fixture('get-user.active.recorded.json'));
      }),
    );

    const { calls } = await recordOktaCalls(() => directory({ requestTimeoutMs: 5_000 }).getUser(USER));

    expect(calls.map((c) => [c.status, c.requestId])).toEqual([
      [429, 'req-429'],
      [200, fixture('get-user.active.recorded.json').headers['x-okta-request-id']],
    ]);
  });

  it('records a call Okta never answered once, with no status and no request id', async () => {
    server.use(okta(recorder, 'get', `/api/v1/users/${USER}`, () => new Promise<Response>(() => {})));

    const { calls } = await recordOktaCalls(() => directory({ requestTimeoutMs: 200 }).getUser(USER).catch((error: unknown) => error));

    expect(calls).toEqual([{ method: 'GET', path: `/api/v1/users/${USER}`, status: null, requestId: null, at: expect.any(String) }]);
  });

  it('leaves out the OAuth token request a service app makes before its API call', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    const auth: OktaAuth = { kind: 'privateKey', clientId: '0oaServiceApp', privateKey, keyId: 'kid-1', scopes: ['okta.users.read'] };
    server.use(
      http.post(`${ORG_URL}/oauth2/v1/token`, () => HttpResponse.json({ token_type: 'Bearer', access_token: 'access-token-1', expires_in: 3600, scope: 'okta.users.read' })),
      okta(recorder, 'get', `/api/v1/users/${USER}/groups`, groupsFixture),
    );

    const { calls } = await recordOktaCalls(() => createDirectory(createOktaClient({ orgUrl: ORG_URL, auth })).listUserGroups(USER));

    expect(calls.map((c) => c.path)).toEqual([`/api/v1/users/${USER}/groups`]);
  });

  it("never holds a reset link or its token: the reset call's source is its path and Okta's request id", async () => {
    server.use(okta(recorder, 'post', `/api/v1/users/${USER}/lifecycle/reset_password`, resetFixture));
    const link = (resetFixture.body as { resetPasswordUrl: string }).resetPasswordUrl;
    const token = link.split('/').pop() ?? '';

    const { result, calls } = await recordOktaCalls(() => directory().createPasswordResetLink(USER));

    expect(result.resetPasswordUrl).toBe(link);
    expect(calls).toEqual([
      expect.objectContaining({ method: 'POST', path: `/api/v1/users/${USER}/lifecycle/reset_password?sendEmail=false`, requestId: resetFixture.headers['x-okta-request-id'] }),
    ]);
    expect(token.length).toBeGreaterThan(10);
    expect(JSON.stringify(calls)).not.toContain(token);
  });
});

describe('sourcePath', () => {
  it.each([
    ['keeps ids and the parameters that say what was asked', `/api/v1/logs?since=2026-01-01T00%3A00%3A00Z&until=2026-01-02T00%3A00%3A00Z&filter=eventType%20eq%20%22x%22&limit=100&sortOrder=DESCENDING`, `/api/v1/logs?since=2026-01-01T00%3A00%3A00Z&until=2026-01-02T00%3A00%3A00Z&filter=eventType%20eq%20%22x%22&limit=100&sortOrder=DESCENDING`],
    ['hides a paging cursor', '/api/v1/users?after=000usfdsyqnIjEmHNm4x6&limit=1', '/api/v1/users?after=…&limit=1'],
    ['hides any parameter it does not know, such as a token', '/api/v1/authn?token=drpwf5himYrnOpIMbDfb&stateToken=00abc&sessionToken=s3cr3t', '/api/v1/authn?token=…&stateToken=…&sessionToken=…'],
    ['hides a session id in the path', '/api/v1/sessions/102sKnRhbNxQ1-M5Xc9LhT4mQ/lifecycle/refresh', '/api/v1/sessions/…/lifecycle/refresh'],
    ['hides the token of a reset link', '/reset_password/drpwf5himYrnOpIMbDfb', '/reset_password/…'],
    ['hides a token id of a user client', `/api/v1/users/${USER}/clients/0oa1/tokens/oar579Mcp7OUsNTlo0g3`, `/api/v1/users/${USER}/clients/0oa1/tokens/…`],
    ['keeps ending all sessions, which names none', `/api/v1/users/${USER}/sessions?oauthTokens=true`, `/api/v1/users/${USER}/sessions?oauthTokens=true`],
  ])('%s', (_, input, expected) => {
    expect(sourcePath(new URL(`${ORG_URL}${input}`))).toBe(expected);
  });
});
