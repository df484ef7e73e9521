// The two cookies of Studio/API sign-in, sealed with keys derived from the session secret:
// - the session: a JWE (dir + A256GCM) naming the signed-in Okta user, so the browser can neither
//   read nor forge it, and it expires on its own;
// - the login binding: an HMAC-signed note (state id, callback URL, time) set when sign-in starts,
//   so an Okta callback is accepted only in the browser that started it (no login CSRF). The PKCE
//   verifier and the OIDC nonce are derived from the state id with the same secret, so nothing
//   about a sign-in in progress is stored on the server.
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { parse, serialize } from 'hono/utils/cookie';
import { EncryptJWT, jwtDecrypt } from 'jose';

export const SESSION_COOKIE = 'helpdesk_session';
export const LOGIN_COOKIE = 'helpdesk_sso_login';
export const SESSION_SECONDS = 8 * 3600;
const LOGIN_SECONDS = 10 * 60;

export type SessionClaims = { userId: string };
export type LoginBinding = { stateId: string; redirectUri: string };

const derive = (secret: string, purpose: string) => Buffer.from(hkdfSync('sha256', secret, 'okta-helpdesk-agent', purpose, 32));

export function createCookieJar(secret: string, now: () => number = Date.now) {
  const sessionKey = new Uint8Array(derive(secret, 'studio session cookie'));
  const macKey = derive(secret, 'studio sign-in binding');
  const mac = (text: string) => createHmac('sha256', macKey).update(text).digest('base64url');
  const seconds = () => Math.floor(now() / 1000);

  const cookie = (name: string, value: string, { path, maxAge, secure }: { path: string; maxAge: number; secure: boolean }) =>
    serialize(name, value, { path, maxAge, httpOnly: true, sameSite: 'Lax', secure });

  return {
    /** The PKCE verifier (43 characters) and nonce of one sign-in, recomputable only with the secret. */
    proofsOf(stateId: string): { verifier: string; nonce: string } {
      return { verifier: mac(`pkce:${stateId}`), nonce: mac(`nonce:${stateId}`) };
    },

    loginCookie(binding: LoginBinding): string {
      const body = Buffer.from(JSON.stringify({ s: binding.stateId, r: binding.redirectUri, t: seconds() })).toString('base64url');
      return cookie(LOGIN_COOKIE, `${body}.${mac(`login:${body}`)}`, { path: new URL(binding.redirectUri).pathname, maxAge: LOGIN_SECONDS, secure: binding.redirectUri.startsWith('https:') });
    },

    /** Ends a binding once its callback has been handled: each sign-in is used once. */
    clearLoginCookie({ redirectUri }: LoginBinding): string {
      return cookie(LOGIN_COOKIE, '', { path: new URL(redirectUri).pathname, maxAge: 0, secure: redirectUri.startsWith('https:') });
    },

    /** The binding for this state id from the request's cookies, if it is genuine, fresh, and for this state. */
    readLogin(cookieHeader: string | null | undefined, stateId: string): LoginBinding | undefined {
      const value = parse(cookieHeader ?? '', LOGIN_COOKIE)[LOGIN_COOKIE] ?? '';
      const [body = '', signature = ''] = value.split('.');
      const expected = Buffer.from(mac(`login:${body}`));
      if (!body || expected.length !== signature.length || !timingSafeEqual(expected, Buffer.from(signature))) return undefined;
      const note = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { s: string; r: string; t: number };
      if (note.s !== stateId || seconds() - note.t > LOGIN_SECONDS) return undefined;
      return { stateId: note.s, redirectUri: note.r };
    },

    async sessionCookie(claims: SessionClaims, secure: boolean): Promise<string> {
      const jwe = await new EncryptJWT({})
        .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
        .setSubject(claims.userId)
        .setIssuedAt(seconds())
        .setExpirationTime(seconds() + SESSION_SECONDS)
        .encrypt(sessionKey);
      return cookie(SESSION_COOKIE, jwe, { path: '/', maxAge: SESSION_SECONDS, secure });
    },

    /** The session in the request's cookies, or undefined when there is none or it is forged or expired. */
    async readSession(cookieHeader: string | null | undefined): Promise<SessionClaims | undefined> {
      const value = parse(cookieHeader ?? '', SESSION_COOKIE)[SESSION_COOKIE];
      if (!value) return undefined;
      try {
        const { payload } = await jwtDecrypt(value, sessionKey, { currentDate: new Date(now()), requiredClaims: ['sub', 'exp'] });
        return { userId: payload.sub! };
      } catch {
        return undefined;
      }
    },

    clearSessionCookie(): string {
      return cookie(SESSION_COOKIE, '', { path: '/', maxAge: 0, secure: false });
    },
  };
}

export type CookieJar = ReturnType<typeof createCookieJar>;
