// Error mapping: real Okta error bodies through the SDK to coded OktaErrors, and the mapper's edge cases.
import { createRequire } from 'node:module';
import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { createDirectory, createOktaClient, OktaError, toOktaError, type Directory, type OktaErrorCode } from '../../src/okta/index.js';
import { fixture, okta, ORG_URL, TOKEN, type OktaFixture, useMockOkta } from '../helpers/okta.js';

const { server, recorder } = useMockOkta();

function directory(): Directory {
  return createDirectory(createOktaClient({ orgUrl: ORG_URL, auth: { kind: 'token', token: TOKEN } }, { requestTimeoutMs: 5_000, maxRetries: 0 }));
}

const USER = '00uqrks9ig7XuWV7X5d7';
const GROUP = '00gqrkqjqdg2c9XZT5d7';

type Operation = { method: 'get' | 'post' | 'put' | 'delete'; path: string; run: (d: Directory) => Promise<unknown> };
const op = {
  getUserGroups: { method: 'get', path: `/api/v1/users/${USER}/groups`, run: (d) => d.listUserGroups(USER) },
  addToGroup: { method: 'put', path: `/api/v1/groups/${GROUP}/users/${USER}`, run: (d) => d.addToGroup(USER, GROUP) },
  removeFromGroup: { method: 'delete', path: `/api/v1/groups/${GROUP}/users/${USER}`, run: (d) => d.removeFromGroup(USER, GROUP) },
  suspend: { method: 'post', path: `/api/v1/users/${USER}/lifecycle/suspend`, run: (d) => d.lock(USER) },
  unlock: { method: 'post', path: `/api/v1/users/${USER}/lifecycle/unlock`, run: (d) => d.unlock({ id: USER, status: 'LOCKED_OUT' }) },
  unsuspend: { method: 'post', path: `/api/v1/users/${USER}/lifecycle/unsuspend`, run: (d) => d.unlock({ id: USER, status: 'SUSPENDED' }) },
  resetFactors: { method: 'post', path: `/api/v1/users/${USER}/lifecycle/reset_factors`, run: (d) => d.resetFactors(USER) },
  resetPassword: { method: 'post', path: `/api/v1/users/${USER}/lifecycle/reset_password`, run: (d) => d.createPasswordResetLink(USER) },
  listFactors: { method: 'get', path: `/api/v1/users/${USER}/factors`, run: (d) => d.listFactors(USER) },
  findGroups: { method: 'get', path: '/api/v1/groups', run: (d) => d.findGroupsByName('Engineering') },
} satisfies Record<string, Operation>;

type Row = [label: string, answer: OktaFixture, operation: Operation, expected: { code: OktaErrorCode; oktaErrorCode?: string; status: number; requestId?: string }];

const f = fixture;
const rows: Row[] = [
  ['404 E0000007 (recorded) on a list', f('errors/E0000007.user-not-found.recorded.json'), op.getUserGroups, { code: 'okta_not_found', oktaErrorCode: 'E0000007', status: 404, requestId: 'X0f5LZBDqmSpZa9LjLNWKQAAArk' }],
  ['404 E0000007 (spec) on a group add', f('errors/E0000007.spec-example.json'), op.addToGroup, { code: 'okta_not_found', oktaErrorCode: 'E0000007', status: 404, requestId: 'sampleMlLvGUj_YD5v16vkYWY' }],
  ['404 E0000007 (legacy docs) on a group removal', f('errors/E0000007.legacy-docs-example.json'), op.removeFromGroup, { code: 'okta_not_found', oktaErrorCode: 'E0000007', status: 404 }],
  ['400 E0000001 on suspend (lifecycle)', f('suspend.not-active.E0000001.json'), op.suspend, { code: 'okta_wrong_state', oktaErrorCode: 'E0000001', status: 400, requestId: 'oaeEZ0YOffyTiKJMrfTUGdGMg' }],
  ['400 E0000001 on unsuspend (lifecycle)', f('errors/E0000001.spec-example.json'), op.unsuspend, { code: 'okta_wrong_state', oktaErrorCode: 'E0000001', status: 400 }],
  ['400 E0000001 on a group add (validation)', f('errors/E0000001.spec-example.json'), op.addToGroup, { code: 'okta_bad_request', oktaErrorCode: 'E0000001', status: 400 }],
  ['403 E0000032 not locked out (recorded)', f('unlock.not-locked-out.E0000032.recorded.json'), op.unlock, { code: 'okta_wrong_state', oktaErrorCode: 'E0000032', status: 403, requestId: '3ab36365bd73dbdcaaa2f93109fecc8d' }],
  ['403 E0000038 wrong status (recorded)', f('reactivate.wrong-status.E0000038.recorded.json'), op.unsuspend, { code: 'okta_wrong_state', oktaErrorCode: 'E0000038', status: 403, requestId: 'cf7173596da2412ec62986425c9128b9' }],
  ['403 E0000006 no permission', f('errors/E0000006.spec-example.json'), op.resetFactors, { code: 'okta_forbidden', oktaErrorCode: 'E0000006', status: 403 }],
  ['401 E0000011 invalid token', f('errors/E0000011.spec-example.json'), op.resetPassword, { code: 'okta_invalid_token', oktaErrorCode: 'E0000011', status: 401 }],
  ['429 E0000047 without reset headers (spec)', f('errors/E0000047.spec-example.json'), op.listFactors, { code: 'okta_rate_limited', oktaErrorCode: 'E0000047', status: 429 }],
  ['429 E0000047 (recorded, retries disabled)', f('errors/E0000047.rate-limit.recorded.json'), op.findGroups, { code: 'okta_rate_limited', oktaErrorCode: 'E0000047', status: 429, requestId: 'd8c32875dfe75dda51a3f0bad9478b90' }],
];

describe('Okta error bodies', () => {
  it.each(rows)('maps %s', async (_label, answer, operation, expected) => {
    server.use(okta(recorder, operation.method, operation.path, answer));

    const failure = operation.run(directory());

    await expect(failure).rejects.toBeInstanceOf(OktaError);
    await expect(failure).rejects.toMatchObject(expected);
    expect(recorder.sent).toHaveLength(1);
  });

  it.each<[string, () => Response, OktaErrorCode]>([
    ['401 with a non-JSON body', () => new HttpResponse('<html>Unauthorized</html>', { status: 401, headers: { 'Content-Type': 'text/html' } }), 'okta_invalid_token'],
    ['403 without an errorCode', () => HttpResponse.json({ errorSummary: 'Forbidden' }, { status: 403 }), 'okta_forbidden'],
    ['404 without an errorCode', () => HttpResponse.json({}, { status: 404 }), 'okta_not_found'],
    ['400 with an unlisted errorCode', () => HttpResponse.json({ errorCode: 'E0000003', errorSummary: 'The request body was not well-formed.' }, { status: 400 }), 'okta_bad_request'],
    ['500 E0000009', () => HttpResponse.json({ errorCode: 'E0000009', errorSummary: 'Internal Server Error' }, { status: 500 }), 'okta_unavailable'],
    ['502 from a proxy, as text', () => new HttpResponse('Bad Gateway', { status: 502, headers: { 'Content-Type': 'text/plain' } }), 'okta_unavailable'],
    ['a dropped connection', () => HttpResponse.error(), 'okta_unavailable'],
  ])('maps %s by status or transport', async (_label, answer, code) => {
    server.use(okta(recorder, 'put', op.addToGroup.path, () => answer()));

    await expect(directory().addToGroup(USER, GROUP)).rejects.toMatchObject({ code });
  });

  it('keeps tokens and URLs out of the message while keeping the SDK error as cause', async () => {
    server.use(okta(recorder, 'post', op.resetPassword.path, f('errors/E0000011.spec-example.json')));

    const error = await directory().createPasswordResetLink(USER).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(OktaError);
    const { message, cause } = error as OktaError;
    expect(message).toBe('Okta answered 401 E0000011 Invalid token provided');
    expect(message).not.toContain(TOKEN);
    expect(message).not.toMatch(/https?:\/\//);
    expect(cause).toMatchObject({ name: 'OktaApiError', status: 401 });
  });
});

describe('toOktaError', () => {
  const { FetchError } = createRequire(import.meta.url)('node-fetch') as { FetchError: new (message: string, type: string, systemError?: object) => Error };

  it('returns an OktaError unchanged', () => {
    const original = new OktaError('okta_wrong_state', 'already suspended');
    expect(toOktaError(original)).toBe(original);
  });

  it('reads E0000001 as wrong state only with the lifecycle hint', () => {
    const body = { name: 'OktaApiError', status: 400, errorCode: 'E0000001', errorSummary: 'Api validation failed: suspendUser' };
    expect(toOktaError(body, { lifecycle: true }).code).toBe('okta_wrong_state');
    expect(toOktaError(body).code).toBe('okta_bad_request');
  });

  it.each<[string, unknown, OktaErrorCode]>([
    ['a node-fetch request timeout', new FetchError('network timeout at: https://test.okta.com/api/v1/users', 'request-timeout'), 'okta_timeout'],
    ['a node-fetch body timeout', new FetchError('Response timeout while trying to fetch', 'body-timeout'), 'okta_timeout'],
    ['an AbortError', Object.assign(new Error('The operation was aborted.'), { name: 'AbortError' }), 'okta_timeout'],
    ['a refused connection', new FetchError('request to https://test.okta.com failed, reason: connect ECONNREFUSED', 'system', { code: 'ECONNREFUSED' }), 'okta_unavailable'],
    ['an unknown host', new FetchError('getaddrinfo ENOTFOUND', 'system', { code: 'ENOTFOUND' }), 'okta_unavailable'],
    ['the executor giving up a 429 wait longer than the timeout', new Error('HTTP 429 retry delay would exceed okta.client.rateLimit.requestTimeout'), 'okta_rate_limited'],
    ['the executor running out of time', new Error('HTTP request time exceeded okta.client.rateLimit.requestTimeout'), 'okta_timeout'],
    ['the generated ApiException', { code: 404, body: { errorCode: 'E0000007', errorSummary: 'Not found' }, headers: { 'x-okta-request-id': 'req-x' } }, 'okta_not_found'],
  ])('maps %s', (_label, thrown, code) => {
    const mapped = toOktaError(thrown);
    expect(mapped.code).toBe(code);
    expect(mapped.cause).toBe(thrown);
    expect(mapped.message).not.toMatch(/https?:\/\//);
  });
});
