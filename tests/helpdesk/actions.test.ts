// The write executor: exactly the Okta calls each action needs, honest outcomes for expected misses,
// and outcome sentences written from Okta's answer.
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { executeAction, type ActionDeps } from '../../src/helpdesk/actions.js';
import { createResetLinkVault } from '../../src/helpdesk/reset-link-vault.js';
import { createDirectory, createOktaClient } from '../../src/okta/index.js';
import { ORG_URL, TOKEN, createRecorder, fixture, okta, oktaJson, oktaUser } from '../helpers/okta.js';

const JANE = 'jane.doe@acme.example';
const USER_ID = '00ujane0000000000001';
const ENGINEERING = { id: '00gengineering000001', profile: { name: 'Engineering', description: 'Engineers' }, type: 'OKTA_GROUP' };
const ENGINEERING_ADMINS = { id: '00gengadmins00000001', profile: { name: 'Engineering-Admins', description: null }, type: 'OKTA_GROUP' };

const server = setupServer();
let recorder = createRecorder();
let deps: ActionDeps;

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
beforeEach(() => {
  recorder = createRecorder();
});
afterAll(() => server.close());

function given(status: string, ...handlers: Parameters<typeof server.use>) {
  const jane = oktaUser({ id: USER_ID, status, profile: { email: JANE, login: JANE, firstName: 'Jane', lastName: 'Doe', displayName: 'Jane Doe' } });
  server.use(okta(recorder, 'get', '/api/v1/users', () => oktaJson([jane])), ...handlers);
  deps = { directory: createDirectory(createOktaClient({ orgUrl: ORG_URL, auth: { kind: 'token', token: TOKEN } }, { maxRetries: 0 })), resetLinks: createResetLinkVault() };
}

const writes = () => recorder.sent.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);

describe('executeAction', () => {
  it('locks by suspending and then ending every session, and says so', async () => {
    given(
      'ACTIVE',
      okta(recorder, 'post', `/api/v1/users/${USER_ID}/lifecycle/suspend`, fixture('suspend.success.recorded.json')),
      okta(recorder, 'delete', `/api/v1/users/${USER_ID}/sessions`, () => new Response(null, { status: 204, headers: { 'x-okta-request-id': 'req-sessions' } })),
    );
    const outcome = await executeAction(deps, { kind: 'lock', targetEmail: JANE });
    expect(writes()).toEqual([`POST /api/v1/users/${USER_ID}/lifecycle/suspend`, `DELETE /api/v1/users/${USER_ID}/sessions`]);
    expect(outcome).toMatchObject({ outcome: 'done', summary: "Jane Doe's account is now suspended and every Okta session was ended." });
    expect(outcome.oktaRequestIds).toContain('req-sessions');
  });

  it('reports a lock whose session revocation failed as suspended-but-not-signed-out', async () => {
    given(
      'ACTIVE',
      okta(recorder, 'post', `/api/v1/users/${USER_ID}/lifecycle/suspend`, fixture('suspend.success.recorded.json')),
      okta(recorder, 'delete', `/api/v1/users/${USER_ID}/sessions`, () => new Response('upstream down', { status: 503 })),
    );
    const outcome = await executeAction(deps, { kind: 'lock', targetEmail: JANE });
    expect(outcome.outcome).toBe('failed');
    expect(outcome.summary).toContain('is suspended, but Okta failed to end their open sessions');
  });

  it('explains that Okta suspends only active accounts when Okta answers E0000001', async () => {
    given('PASSWORD_EXPIRED', okta(recorder, 'post', `/api/v1/users/${USER_ID}/lifecycle/suspend`, fixture('suspend.not-active.E0000001.json')));
    const outcome = await executeAction(deps, { kind: 'lock', targetEmail: JANE });
    expect(outcome).toMatchObject({ outcome: 'failed', failure: 'okta_wrong_state' });
    expect(outcome.summary).toContain('Okta only suspends active accounts');
  });

  it('does not call Okta to lock an account that is already suspended', async () => {
    given('SUSPENDED');
    expect(await executeAction(deps, { kind: 'lock', targetEmail: JANE })).toMatchObject({ outcome: 'already_suspended' });
    expect(writes()).toEqual([]);
  });

  it.each([
    ['LOCKED_OUT', 'unlock', 'unlocked'],
    ['SUSPENDED', 'unsuspend', 'unsuspended'],
  ])('unlocks a %s account with lifecycle/%s', async (status, endpoint, word) => {
    given(status, okta(recorder, 'post', `/api/v1/users/${USER_ID}/lifecycle/${endpoint}`, fixture('unsuspend.success.recorded.json')));
    const outcome = await executeAction(deps, { kind: 'unlock', targetEmail: JANE });
    expect(writes()).toEqual([`POST /api/v1/users/${USER_ID}/lifecycle/${endpoint}`]);
    expect(outcome.summary).toBe(`Jane Doe's account is ${word} and active again.`);
  });

  it('reports "not locked out" from Okta E0000032 as data, not as an error', async () => {
    given('LOCKED_OUT', okta(recorder, 'post', `/api/v1/users/${USER_ID}/lifecycle/unlock`, fixture('unlock.not-locked-out.E0000032.recorded.json')));
    const outcome = await executeAction(deps, { kind: 'unlock', targetEmail: JANE });
    expect(outcome).toMatchObject({ outcome: 'not_locked_out', summary: 'Okta says Jane Doe is not locked out; nothing was changed.' });
  });

  it('sends nothing to Okta to unlock an active account', async () => {
    given('ACTIVE');
    expect(await executeAction(deps, { kind: 'unlock', targetEmail: JANE })).toMatchObject({ outcome: 'not_locked_out' });
    expect(writes()).toEqual([]);
  });

  it('keeps the reset link in the vault and returns only a reference', async () => {
    given('ACTIVE', okta(recorder, 'post', `/api/v1/users/${USER_ID}/lifecycle/reset_password`, fixture('reset-password.sendEmail-false.recorded.json')));
    const outcome = await executeAction(deps, { kind: 'reset_password', targetEmail: JANE });
    expect(recorder.sent.at(-1)?.query).toEqual({ sendEmail: 'false' });
    expect(JSON.stringify(outcome)).not.toContain('reset_password/');
    const held = deps.resetLinks.take(outcome.resetLinkReference ?? '');
    expect(held).toMatchObject({ ownerEmail: JANE, url: 'https://test.okta.com/reset_password/drpwf5himYrnOpIMbDfb' });
    expect(deps.resetLinks.take(outcome.resetLinkReference ?? '')).toBeUndefined();
  });

  it('resets MFA with reset_factors', async () => {
    given('ACTIVE', okta(recorder, 'post', `/api/v1/users/${USER_ID}/lifecycle/reset_factors`, fixture('reset-factors.recorded.json')));
    expect(await executeAction(deps, { kind: 'reset_mfa', targetEmail: JANE })).toMatchObject({ outcome: 'done' });
    expect(writes()).toEqual([`POST /api/v1/users/${USER_ID}/lifecycle/reset_factors`]);
  });

  it('adds to the exact group only, never to a group that merely starts with the name', async () => {
    given(
      'ACTIVE',
      okta(recorder, 'get', '/api/v1/groups', () => oktaJson([ENGINEERING_ADMINS, ENGINEERING])),
      okta(recorder, 'get', `/api/v1/users/${USER_ID}/groups`, () => oktaJson([])),
      okta(recorder, 'put', `/api/v1/groups/${ENGINEERING.id}/users/${USER_ID}`, fixture('assign-user-to-group.204.recorded.json')),
    );
    const outcome = await executeAction(deps, { kind: 'add_to_group', targetEmail: JANE, groupName: 'engineering' });
    expect(writes()).toEqual([`PUT /api/v1/groups/${ENGINEERING.id}/users/${USER_ID}`]);
    expect(outcome.summary).toBe('Jane Doe was added to Engineering.');
  });

  it('says "already a member" and sends no PUT when the person is in the group', async () => {
    given(
      'ACTIVE',
      okta(recorder, 'get', '/api/v1/groups', () => oktaJson([ENGINEERING])),
      okta(recorder, 'get', `/api/v1/users/${USER_ID}/groups`, () => oktaJson([ENGINEERING])),
    );
    expect(await executeAction(deps, { kind: 'add_to_group', targetEmail: JANE, groupName: 'Engineering' })).toMatchObject({ outcome: 'already_member' });
    expect(writes()).toEqual([]);
  });

  it('removes a member and refuses honestly when the person is not one', async () => {
    given(
      'ACTIVE',
      okta(recorder, 'get', '/api/v1/groups', () => oktaJson([ENGINEERING])),
      okta(recorder, 'get', `/api/v1/users/${USER_ID}/groups`, (_request, call) => oktaJson(call === 0 ? [ENGINEERING] : [])),
      okta(recorder, 'delete', `/api/v1/groups/${ENGINEERING.id}/users/${USER_ID}`, fixture('unassign-user-from-group.204.recorded.json')),
    );
    expect(await executeAction(deps, { kind: 'remove_from_group', targetEmail: JANE, groupName: 'Engineering' })).toMatchObject({ outcome: 'done' });
    expect(await executeAction(deps, { kind: 'remove_from_group', targetEmail: JANE, groupName: 'Engineering' })).toMatchObject({ outcome: 'not_member' });
    expect(writes()).toEqual([`DELETE /api/v1/groups/${ENGINEERING.id}/users/${USER_ID}`]);
  });

  it('reports an unknown group without writing', async () => {
    given('ACTIVE', okta(recorder, 'get', '/api/v1/groups', () => oktaJson([ENGINEERING_ADMINS])));
    expect(await executeAction(deps, { kind: 'add_to_group', targetEmail: JANE, groupName: 'Engineering' })).toMatchObject({ outcome: 'group_not_found' });
    expect(writes()).toEqual([]);
  });

  it('reports an unknown person without writing', async () => {
    server.use(okta(recorder, 'get', '/api/v1/users', () => oktaJson([])));
    deps = { directory: createDirectory(createOktaClient({ orgUrl: ORG_URL, auth: { kind: 'token', token: TOKEN } })), resetLinks: createResetLinkVault() };
    expect(await executeAction(deps, { kind: 'lock', targetEmail: 'nobody@acme.example' })).toMatchObject({
      outcome: 'user_not_found',
      summary: "I couldn't find anyone with the email nobody@acme.example in Okta.",
    });
  });

  it('turns an Okta outage into one honest sentence and a failure code', async () => {
    server.use(okta(recorder, 'get', '/api/v1/users', () => new Response('bad gateway', { status: 502 })));
    deps = { directory: createDirectory(createOktaClient({ orgUrl: ORG_URL, auth: { kind: 'token', token: TOKEN } }, { maxRetries: 0 })), resetLinks: createResetLinkVault() };
    expect(await executeAction(deps, { kind: 'reset_mfa', targetEmail: JANE })).toEqual({
      outcome: 'failed',
      failure: 'okta_unavailable',
      summary: "I couldn't reach Okta just now. Nothing was changed.",
      summaryForOthers: "I couldn't reach Okta just now. Nothing was changed.",
      oktaRequestIds: [],
    });
  });
});

describe('executeAction speaking to the account owner', () => {
  it.each([
    ['LOCKED_OUT', 'unlock', 'Your account is unlocked and active again.'],
    ['SUSPENDED', 'unsuspend', 'Your account is unsuspended and active again.'],
  ])('tells the owner of a %s account "your account" and everyone else the name', async (status, endpoint, toOwner) => {
    given(status, okta(recorder, 'post', `/api/v1/users/${USER_ID}/lifecycle/${endpoint}`, fixture('unsuspend.success.recorded.json')));
    const outcome = await executeAction(deps, { kind: 'unlock', targetEmail: JANE }, {}, { requestedBy: 'Jane.Doe@ACME.example' });
    expect(outcome.summary).toBe(toOwner);
    expect(outcome.summaryForOthers).toBe(`Jane Doe's account is ${endpoint}ed and active again.`);
  });

  it('names the person when someone else asked', async () => {
    given('ACTIVE', okta(recorder, 'post', `/api/v1/users/${USER_ID}/lifecycle/reset_factors`, fixture('reset-factors.recorded.json')));
    const outcome = await executeAction(deps, { kind: 'reset_mfa', targetEmail: JANE }, {}, { requestedBy: 'sam.rivera@acme.example' });
    expect(outcome.summary).toBe('Every MFA factor of Jane Doe was reset; they will enroll again at their next sign-in.');
  });

  it('says "you" for the owner\'s own MFA reset and password reset link', async () => {
    given(
      'ACTIVE',
      okta(recorder, 'post', `/api/v1/users/${USER_ID}/lifecycle/reset_factors`, fixture('reset-factors.recorded.json')),
      okta(recorder, 'post', `/api/v1/users/${USER_ID}/lifecycle/reset_password`, fixture('reset-password.sendEmail-false.recorded.json')),
    );
    const mfa = await executeAction(deps, { kind: 'reset_mfa', targetEmail: JANE }, {}, { requestedBy: JANE });
    expect(mfa.summary).toBe('Every MFA factor of yours was reset; you will enroll again at your next sign-in.');
    const link = await executeAction(deps, { kind: 'reset_password', targetEmail: JANE }, {}, { requestedBy: JANE });
    expect(link.summary).toBe('Okta issued a one-time password reset link for you; it goes only to you by direct message.');
  });

  it('tells the owner they are already in a group, in the second person', async () => {
    given(
      'ACTIVE',
      okta(recorder, 'get', '/api/v1/groups', () => oktaJson([ENGINEERING])),
      okta(recorder, 'get', `/api/v1/users/${USER_ID}/groups`, () => oktaJson([ENGINEERING])),
    );
    const outcome = await executeAction(deps, { kind: 'add_to_group', targetEmail: JANE, groupName: 'Engineering' }, {}, { requestedBy: JANE });
    expect(outcome).toMatchObject({ outcome: 'already_member', summary: 'You are already in Engineering; nothing was changed.', summaryForOthers: 'Jane Doe is already in Engineering; nothing was changed.' });
  });
});
