// Lifecycle operations: Okta's status rules, its success bodies and its wrong-state error codes,
// and the reset-password link that leads to the local page.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WITHOUT_HISTORY, api, recorded, startOrg, userId, withoutErrorId, type RunningOrg } from './helpers.js';

let org: RunningOrg;
beforeEach(async () => {
  org = await startOrg({ seed: WITHOUT_HISTORY });
});
afterEach(() => org.stop());

const statusOf = (email: string) => org.state.users.get(userId(org, email))!.status;
const post = (email: string, operation: string) =>
  api(org, 'POST', `/api/v1/users/${userId(org, email)}/lifecycle/${operation}`);

describe('successful transitions answer 200 {} and change the status', () => {
  it.each([
    ['suspend', 'jordan.rivera', 'ACTIVE', 'SUSPENDED'],
    ['unsuspend', 'sam.taylor', 'SUSPENDED', 'ACTIVE'],
    ['unlock', 'alex.kim', 'LOCKED_OUT', 'ACTIVE'],
    ['reset_password?sendEmail=true', 'jordan.rivera', 'ACTIVE', 'RECOVERY'],
    ['reset_password?sendEmail=true', 'alex.kim', 'LOCKED_OUT', 'RECOVERY'],
    ['reset_factors', 'sam.taylor', 'SUSPENDED', 'SUSPENDED'],
    ['activate?sendEmail=true', 'riley.chen', 'STAGED', 'ACTIVE'],
    ['activate?sendEmail=true', 'taylor.brooks', 'DEPROVISIONED', 'ACTIVE'],
    ['deactivate', 'jordan.rivera', 'ACTIVE', 'DEPROVISIONED'],
    ['deactivate', 'sam.taylor', 'SUSPENDED', 'DEPROVISIONED'],
  ])('%s on %s: %s -> %s', async (operation, name, before, after) => {
    const email = `${name}@acme.example`;
    expect(statusOf(email)).toBe(before);
    const answer = await post(email, operation);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/json');
    expect(answer.body).toEqual({});
    expect(statusOf(email)).toBe(after);
    expect(org.state.logs.map((event) => event.target)).toEqual([[expect.objectContaining({ id: userId(org, email) })]]);
  });

  it('expire_password answers the user itself, now PASSWORD_EXPIRED', async () => {
    const answer = await post('jordan.rivera@acme.example', 'expire_password');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ id: userId(org, 'jordan.rivera@acme.example'), status: 'PASSWORD_EXPIRED' });
  });

  it('activate with sendEmail=false answers an activation link and token', async () => {
    const answer = await post('riley.chen@acme.example', 'activate?sendEmail=false');
    expect(answer.body.activationUrl).toBe(`${org.url}/tokens/${answer.body.activationToken}/verify`);
  });

  it('moves statusChanged and lastUpdated, and sets activated on first activation', async () => {
    const riley = org.state.users.get(userId(org, 'riley.chen@acme.example'))!;
    await post('riley.chen@acme.example', 'activate');
    expect(riley.activated).not.toBeNull();
    expect(riley.statusChanged).toBe(riley.activated);
    expect(riley.lastUpdated).toBe(riley.activated);
  });

  it('reset_factors unenrolls every factor and leaves an ACTIVE user ACTIVE', async () => {
    const id = userId(org, 'priya.patel@acme.example');
    expect((await api(org, 'GET', `/api/v1/users/${id}/factors`)).body).toHaveLength(2);
    expect((await post('priya.patel@acme.example', 'reset_factors')).body).toEqual(recorded('reset-factors.recorded.json').body);
    expect((await api(org, 'GET', `/api/v1/users/${id}/factors`)).body).toEqual([]);
    expect(statusOf('priya.patel@acme.example')).toBe('ACTIVE');
  });
});

describe('wrong-state calls answer Okta\'s code and change nothing', () => {
  const suspendError = recorded('suspend.not-active.E0000001.json').body;
  const unlockError = recorded('unlock.not-locked-out.E0000032.recorded.json').body;
  const reactivateError = recorded('reactivate.wrong-status.E0000038.recorded.json').body;
  const unsuspendError = {
    errorCode: 'E0000001',
    errorSummary: 'Api validation failed: unsuspendUser',
    errorLink: 'E0000001',
    errorCauses: [{ errorSummary: 'Cannot unsuspend a user that is not suspended' }],
  };
  const alreadyActive = { errorCode: 'E0000016', errorSummary: 'Activation failed because the user is already active' };

  it.each([
    ['suspend', 'sam.taylor', 400, suspendError],
    ['suspend', 'alex.kim', 400, suspendError],
    ['suspend', 'riley.chen', 400, suspendError],
    ['unsuspend', 'jordan.rivera', 400, unsuspendError],
    ['unlock', 'jordan.rivera', 403, unlockError],
    ['unlock', 'sam.taylor', 403, unlockError],
    ['reactivate?sendEmail=false', 'riley.chen', 403, reactivateError],
    ['activate', 'jordan.rivera', 403, alreadyActive],
    ['reset_password?sendEmail=false', 'riley.chen', 403, reactivateError],
    ['reset_password?sendEmail=false', 'sam.taylor', 403, reactivateError],
    ['reset_factors', 'taylor.brooks', 403, reactivateError],
    ['expire_password', 'sam.taylor', 403, reactivateError],
    ['deactivate', 'taylor.brooks', 403, reactivateError],
  ])('%s on %s -> %i', async (operation, name, status, expected) => {
    const email = `${name}@acme.example`;
    const before = structuredClone(org.state.users.get(userId(org, email)));
    const answer = await post(email, operation);
    expect(answer.status).toBe(status);
    expect(withoutErrorId(answer.body)).toMatchObject(withoutErrorId(expected));
    expect(org.state.users.get(userId(org, email))).toEqual(before);
    expect(org.state.logs).toHaveLength(0);
  });

  it('answers 404 E0000007 for an unknown user and for an operation Okta does not have', async () => {
    expect((await api(org, 'POST', '/api/v1/users/00unobody/lifecycle/suspend')).body.errorCode).toBe('E0000007');
    expect((await post('jordan.rivera@acme.example', 'explode')).status).toBe(404);
  });
});

describe('reset_password with sendEmail=false', () => {
  it('answers a link to the local page, which names the demo user', async () => {
    const answer = await post('jane.smith@acme.example', 'reset_password?sendEmail=false');
    expect(Object.keys(answer.body)).toEqual(Object.keys(recorded('reset-password.sendEmail-false.recorded.json').body));
    expect(answer.body.resetPasswordUrl).toMatch(new RegExp(`^${org.url}/demo/reset_password/[A-Za-z0-9]{20}$`));
    expect(statusOf('jane.smith@acme.example')).toBe('RECOVERY');

    const page = await fetch(answer.body.resetPasswordUrl);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('Jane Smith (jane.smith@acme.example)');
  });

  it('replaces the previous link: the old one no longer opens', async () => {
    const first = (await post('jane.smith@acme.example', 'reset_password?sendEmail=false')).body.resetPasswordUrl;
    const second = (await post('jane.smith@acme.example', 'reset_password?sendEmail=false')).body.resetPasswordUrl;
    expect((await fetch(first)).status).toBe(404);
    expect((await fetch(second)).status).toBe(200);
  });

  it('stops opening once the user is deactivated, and deactivation ends the sessions', async () => {
    const id = userId(org, 'jane.smith@acme.example');
    const link = (await post('jane.smith@acme.example', 'reset_password?sendEmail=false')).body.resetPasswordUrl;
    await post('jane.smith@acme.example', 'deactivate');
    expect((await fetch(link)).status).toBe(404);
    expect(org.state.sessions.filter((s) => s.userId === id && s.revoked === null)).toHaveLength(0);
  });

  it('ends the sessions too when revokeSessions=true', async () => {
    const id = userId(org, 'jane.smith@acme.example');
    expect(org.state.sessions.filter((s) => s.userId === id && s.revoked === null)).toHaveLength(1);
    await post('jane.smith@acme.example', 'reset_password?sendEmail=false&revokeSessions=true');
    expect(org.state.sessions.filter((s) => s.userId === id && s.revoked === null)).toHaveLength(0);
  });
});
