// Studio and /api behind Okta (issue 12): Okta access tokens and the Studio sign-in (authorization
// code + PKCE through Mastra's SSO routes, an encrypted session cookie) name the requester; only
// the allowed groups get in, with a 403 that says why; bad tokens get 401; the machine token reads.
import { noopLogger } from '@mastra/core/logger';
import { createHonoServer } from '@mastra/deployer/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHelpdeskApp, type HelpdeskApp } from '../../src/app.js';
import { findProjectRoot, parseConfig } from '../../src/config.js';
import { createDemoOktaOrg, DEMO_OKTA_TOKEN } from '../../src/demo/okta/index.js';
import { tempDatabaseUrl } from '../helpers/desk.js';
import { signIn } from '../helpers/oauth.js';

type Server = Awaited<ReturnType<typeof createHonoServer>>;
const API_TOKEN = 'api-token-for-tests-0123456789';
const MARCUS = 'marcus.lee@acme.example'; // Helpdesk
const PRIYA = 'priya.patel@acme.example'; // IT-Admins
const JORDAN = 'jordan.rivera@acme.example'; // Engineering (an employee)
const ORIGIN = 'http://127.0.0.1:4111';

let clock = Date.now();
/** The org the app treats as live (its clock can be turned back to mint expired tokens), and a stranger org. */
const org = createDemoOktaOrg({ now: () => new Date(clock) });
const foreignOrg = createDemoOktaOrg();
const apps: HelpdeskApp[] = [];
let orgUrl = '';
let foreignUrl = '';

beforeAll(async () => {
  orgUrl = (await org.start()).url;
  foreignUrl = (await foreignOrg.start()).url;
});
afterAll(async () => {
  for (const app of apps) await app.stop();
  await org.stop();
  await foreignOrg.stop();
});

async function build(env: Record<string, string> = {}): Promise<{ app: HelpdeskApp; server: Server }> {
  const app = await createHelpdeskApp(parseConfig({ DATABASE_URL: tempDatabaseUrl(), ...env }, findProjectRoot()), { logger: noopLogger });
  apps.push(app);
  return { app, server: await createHonoServer(app.mastra, { tools: {} }) };
}

const liveEnv = (extra: Record<string, string> = {}) => ({ OKTA_ORG_URL: orgUrl, OKTA_API_TOKEN: DEMO_OKTA_TOKEN, MASTRA_API_TOKEN: API_TOKEN, ...extra });
const accessToken = async (url: string, login: string) => (await signIn(url, { login, clientId: 'helpdesk-studio' })).access_token as string;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

const generate = (server: Server, text: string, headers: Record<string, string>, extra: Record<string, unknown> = {}) =>
  server.request(`${ORIGIN}/api/agents/helpdesk/generate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ messages: [{ role: 'user', content: text }], ...extra }),
  });
const replyOf = async (response: Response) => JSON.stringify(await response.json());

describe('bearer tokens on /api', () => {
  it('lets a Helpdesk person in with an Okta access token', async () => {
    const { server } = await build(liveEnv());
    const response = await server.request('/api/agents', { headers: bearer(await accessToken(orgUrl, MARCUS)) });
    expect(response.status).toBe(200);
  });

  it('refuses an employee (not in IT-Admins or Helpdesk) with a 403 that says why', async () => {
    const { server } = await build(liveEnv());
    const response = await server.request('/api/agents', { headers: bearer(await accessToken(orgUrl, JORDAN)) });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      error: 'access_denied',
      error_description: `${JORDAN} is signed in, but Studio and the help desk API are only for members of the Okta group IT-Admins or Helpdesk. Ask an IT admin if you need access.`,
    });
  });

  it('follows SSO_ALLOWED_GROUPS: the allowed groups are configurable', async () => {
    const { server } = await build(liveEnv({ SSO_ALLOWED_GROUPS: 'Engineering' }));
    expect((await server.request('/api/agents', { headers: bearer(await accessToken(orgUrl, JORDAN)) })).status).toBe(200);
    expect((await server.request('/api/agents', { headers: bearer(await accessToken(orgUrl, MARCUS)) })).status).toBe(403);
  });

  it('answers 401 to an expired access token', async () => {
    const { server } = await build(liveEnv());
    clock = Date.now() - 2 * 3600_000; // the org's tokens live one hour
    const expired = await accessToken(orgUrl, MARCUS);
    clock = Date.now();
    const response = await server.request('/api/agents', { headers: bearer(expired) });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'invalid_token', error_description: 'The access token has expired.' });
  });

  it('answers 401 to a token from another issuer, even for a person in Helpdesk', async () => {
    const { server } = await build(liveEnv());
    const response = await server.request('/api/agents', { headers: bearer(await accessToken(foreignUrl, MARCUS)) });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'invalid_token', error_description: 'The access token is not valid for this server.' });
  });

  it('answers 401 without any credentials', async () => {
    const { server } = await build(liveEnv());
    expect((await server.request('/api/agents')).status).toBe(401);
  });

  it('offers Studio no sign-in button when no sign-in client is configured (live org, tokens only)', async () => {
    const { server } = await build(liveEnv());
    expect(await (await server.request('/api/auth/capabilities')).json()).toEqual({ enabled: true, login: null });
    expect((await server.request('/api/auth/sso/login')).status).toBe(404);
  });
});

describe("a chat through /api acts as the token's person", () => {
  it('a Helpdesk person may look up someone else; an employee may not', async () => {
    const { server } = await build(liveEnv({ SSO_ALLOWED_GROUPS: 'IT-Admins,Helpdesk,Engineering' }));
    const asMarcus = await replyOf(await generate(server, `what groups is ${PRIYA} in?`, bearer(await accessToken(orgUrl, MARCUS))));
    const asJordan = await replyOf(await generate(server, `what groups is ${PRIYA} in?`, bearer(await accessToken(orgUrl, JORDAN))));
    expect(asMarcus).toContain('IT-Admins');
    expect(asJordan).not.toContain('IT-Admins');
    expect(asJordan).toContain('help desk');
  });

  it('asks the Helpdesk person to confirm a lock, which the machine token may not even propose', async () => {
    const { server } = await build(liveEnv());
    expect(await replyOf(await generate(server, `lock ${JORDAN}`, bearer(await accessToken(orgUrl, MARCUS))))).toContain('Please confirm: Lock Jordan Rivera');
    const machine = await replyOf(await generate(server, `lock ${JORDAN}`, bearer(API_TOKEN)));
    expect(machine).toContain('Only a signed-in person can change accounts');
    expect(machine).not.toContain('Please confirm');
  });

  it('ignores a requester forged in the body: the signed-in person stays the requester', async () => {
    const { server } = await build(liveEnv());
    const forged = { requestContext: { requester: { email: PRIYA, source: 'slack', slackUserId: 'U0FORGED' }, user: { kind: 'person', email: PRIYA, groups: ['IT-Admins'] } } };
    // Marcus (Helpdesk) may not lock an IT admin; Priya could have locked herself with a confirmation.
    const body = await replyOf(await generate(server, `lock ${PRIYA}`, bearer(await accessToken(orgUrl, MARCUS)), forged));
    expect(body).toContain('is one of the IT admins, so only one of the IT admins can change that account. Ask one of the IT admins.');
    expect(body).not.toContain('Please confirm');
  });
});

/** Studio's sign-in without a browser: Mastra's SSO routes, the demo org's sign-in page, the callback. */
async function studioSignIn(server: Server, oktaUrl: string, login: string, { keepLoginCookie = true } = {}) {
  const start = await server.request(`${ORIGIN}/api/auth/sso/login?redirect_uri=${encodeURIComponent(`${ORIGIN}/agents`)}`);
  const { url } = (await start.json()) as { url: string };
  const loginCookie = start.headers.get('set-cookie')!.split(';')[0]!;
  const authorize = new URL(url);
  expect(authorize.origin).toBe(oktaUrl);
  const form = new URLSearchParams(authorize.searchParams);
  form.set('login', login);
  const picked = await fetch(`${oktaUrl}/oauth2/default/v1/authorize`, { method: 'POST', body: form, redirect: 'manual' });
  const callback = picked.headers.get('location')!;
  expect(callback.startsWith(`${ORIGIN}/api/auth/sso/callback?`)).toBe(true);
  const done = await server.request(callback, { headers: keepLoginCookie ? { cookie: loginCookie } : {} });
  const setCookies = done.headers.getSetCookie();
  const session = setCookies.find((cookie) => cookie.startsWith('helpdesk_session='));
  return { location: done.headers.get('location') ?? '', session, cookie: session?.split(';')[0], setCookies };
}

describe('Studio sign-in with the demo org (no credentials)', () => {
  it('signs a Helpdesk person in with an encrypted, HttpOnly session cookie and chats as them', async () => {
    const { app, server } = await build();
    const { location, session, cookie, setCookies } = await studioSignIn(server, app.demoOktaUrl!, MARCUS);
    expect(location).toBe(`${ORIGIN}/agents`);
    expect(setCookies).toContainEqual(expect.stringMatching(/^helpdesk_sso_login=;.*Max-Age=0/)); // used once
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Lax/);
    expect(cookie).not.toContain(MARCUS);
    const me = await server.request(`${ORIGIN}/api/auth/me`, { headers: { cookie: cookie! } });
    expect(await me.json()).toMatchObject({ email: MARCUS });
    expect(await replyOf(await generate(server, `lock ${JORDAN}`, { cookie: cookie! }))).toContain('Please confirm: Lock Jordan Rivera');
  });

  it('refuses to sign an employee in, saying why, and sets no session', async () => {
    const { app, server } = await build();
    const { location, session } = await studioSignIn(server, app.demoOktaUrl!, JORDAN);
    expect(session).toBeUndefined();
    expect(decodeURIComponent(location)).toContain('only for members of the Okta group IT-Admins or Helpdesk');
  });

  it('refuses a callback that was not started in the same browser (no login cookie)', async () => {
    const { app, server } = await build();
    const { location, session } = await studioSignIn(server, app.demoOktaUrl!, MARCUS, { keepLoginCookie: false });
    expect(session).toBeUndefined();
    expect(decodeURIComponent(location)).toContain('was not started in this browser');
  });

  it('does not accept a session cookie sealed by another server', async () => {
    const first = await build();
    const { cookie } = await studioSignIn(first.server, first.app.demoOktaUrl!, MARCUS);
    const second = await build();
    expect((await second.server.request(`${ORIGIN}/api/agents`, { headers: { cookie: cookie! } })).status).toBe(401);
    expect((await first.server.request(`${ORIGIN}/api/agents`, { headers: { cookie: cookie! } })).status).toBe(200);
  });

  it('signs out: the logout route clears the session cookie', async () => {
    const { app, server } = await build();
    const { cookie } = await studioSignIn(server, app.demoOktaUrl!, MARCUS);
    const logout = await server.request(`${ORIGIN}/api/auth/logout`, { method: 'POST', headers: { cookie: cookie! } });
    expect(logout.headers.get('set-cookie')).toMatch(/^helpdesk_session=;.*Max-Age=0/);
  });
});
