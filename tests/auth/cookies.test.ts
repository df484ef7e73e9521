// The sign-in cookies: a session only this secret can read, which expires on its own; and a login
// binding that holds for its own state, in its own time window, untampered.
import { describe, expect, it } from 'vitest';
import { createCookieJar, LOGIN_COOKIE, SESSION_COOKIE, SESSION_SECONDS } from '../../src/auth/cookies.js';

const SECRET = 'a-session-secret-of-32-characters!';
const CALLBACK = 'https://helpdesk.acme.example/api/auth/sso/callback';
const valueOf = (setCookie: string) => setCookie.split(';')[0]!;

function jarAt(start = Date.UTC(2026, 11, 6, 9), secret = SECRET) {
  let now = start;
  return { jar: createCookieJar(secret, () => now), advance: (seconds: number) => (now += seconds * 1000) };
}

describe('the session cookie', () => {
  it('is Secure on https, HttpOnly and SameSite=Lax, and reads back as the same Okta user', async () => {
    const { jar } = jarAt();
    const cookie = await jar.sessionCookie({ userId: '00u-marcus' }, true);
    expect(cookie).toMatch(new RegExp(`^${SESSION_COOKIE}=.+; Max-Age=${SESSION_SECONDS}; Path=/; HttpOnly; Secure; SameSite=Lax$`));
    expect(cookie).not.toContain('00u-marcus');
    expect(await jar.readSession(valueOf(cookie))).toEqual({ userId: '00u-marcus' });
  });

  it('is refused once expired, or when sealed with another secret', async () => {
    const { jar, advance } = jarAt();
    const cookie = valueOf(await jar.sessionCookie({ userId: '00u-marcus' }, false));
    expect(await jarAt(undefined, 'another-secret-of-32-characters!!!').jar.readSession(cookie)).toBeUndefined();
    advance(SESSION_SECONDS + 1);
    expect(await jar.readSession(cookie)).toBeUndefined();
  });
});

describe('the login binding', () => {
  it('holds for its own state within 10 minutes, on the callback path only', () => {
    const { jar, advance } = jarAt();
    const cookie = jar.loginCookie({ stateId: 'state-1', redirectUri: CALLBACK });
    expect(cookie).toMatch(new RegExp(`^${LOGIN_COOKIE}=.+; Max-Age=600; Path=/api/auth/sso/callback; HttpOnly; Secure; SameSite=Lax$`));
    expect(jar.readLogin(valueOf(cookie), 'state-1')).toEqual({ stateId: 'state-1', redirectUri: CALLBACK });
    expect(jar.readLogin(valueOf(cookie), 'state-2')).toBeUndefined();
    advance(601);
    expect(jar.readLogin(valueOf(cookie), 'state-1')).toBeUndefined();
  });

  it('is refused when its note was changed (another callback URL)', () => {
    const { jar } = jarAt();
    const [body, signature] = valueOf(jar.loginCookie({ stateId: 'state-1', redirectUri: CALLBACK })).slice(LOGIN_COOKIE.length + 1).split('.');
    const note = JSON.parse(Buffer.from(body!, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...note, r: 'https://evil.example/cb' })).toString('base64url');
    expect(jar.readLogin(`${LOGIN_COOKIE}=${forged}.${signature}`, 'state-1')).toBeUndefined();
  });

  it('derives one PKCE verifier and nonce per state, which only the secret reproduces', () => {
    const { jar } = jarAt();
    const proofs = jar.proofsOf('state-1');
    expect(proofs.verifier).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
    expect(jar.proofsOf('state-1')).toEqual(proofs);
    expect(jar.proofsOf('state-2').verifier).not.toBe(proofs.verifier);
    expect(jarAt(undefined, 'another-secret-of-32-characters!!!').jar.proofsOf('state-1').verifier).not.toBe(proofs.verifier);
  });
});
