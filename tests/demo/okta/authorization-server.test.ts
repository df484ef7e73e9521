// The demo org as an OAuth 2.0 / OIDC authorization server: discovery, the pick-a-person authorize
// page, authorization code + PKCE, JWKS-verifiable access tokens with Okta's claims, userinfo, and
// the org AS token endpoint the Okta SDK uses in private-key mode (private_key_jwt + DPoP).
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDirectory, createOktaClient, verifyOktaAccess } from '../../../src/okta/index.js';
import type { OktaAuth } from '../../../src/config.js';
import { authorizeUrl, pickPerson, REDIRECT_URI, serviceAppKey, signIn, tokenRequest } from '../../helpers/oauth.js';
import { startOrg, userId, type RunningOrg } from './helpers.js';

const JORDAN = 'jordan.rivera@acme.example';
let org: RunningOrg;
let app: Awaited<ReturnType<typeof serviceAppKey>>;
let readOnlyApp: Awaited<ReturnType<typeof serviceAppKey>>;

beforeAll(async () => {
  app = await serviceAppKey('kid-helpdesk');
  readOnlyApp = await serviceAppKey('kid-reader');
  org = await startOrg({
    serviceApps: [
      { clientId: '0oaHelpdeskService', jwks: [app.publicJwk], scopes: ['okta.users.read', 'okta.users.manage', 'okta.groups.read', 'okta.groups.manage', 'okta.factors.read'] },
      { clientId: '0oaReadOnly', jwks: [readOnlyApp.publicJwk], scopes: ['okta.users.read'] },
    ],
  });
});
afterAll(() => org.stop());

describe('custom authorization server "default"', () => {
  it('publishes Okta-shaped discovery at /oauth2/default/.well-known/openid-configuration', async () => {
    const answer = await fetch(`${org.url}/oauth2/default/.well-known/openid-configuration`);
    const issuer = `${org.url}/oauth2/default`;

    expect(await answer.json()).toMatchObject({
      issuer,
      authorization_endpoint: `${issuer}/v1/authorize`,
      token_endpoint: `${issuer}/v1/token`,
      jwks_uri: `${issuer}/v1/keys`,
      userinfo_endpoint: `${issuer}/v1/userinfo`,
      code_challenge_methods_supported: ['S256'],
      scopes_supported: expect.arrayContaining(['openid', 'helpdesk.read', 'helpdesk.act']),
    });
  });

  it('shows a page to pick a demo person, with suspended people not selectable', async () => {
    const page = await (await fetch(authorizeUrl(org.url))).text();

    expect(page).toContain('Sign in to the demo Okta org');
    expect(page).toMatch(/<button type="submit" name="login" value="jordan.rivera@acme.example">/);
    expect(page).toMatch(/value="[^"]+"\s+disabled>[^<]*SUSPENDED/);
  });

  it('issues an access token a resource server verifies with the JWKS, naming the person and the scopes', async () => {
    const tokens = await signIn(org.url, { login: JORDAN, scope: 'openid email helpdesk.read' });
    const issuer = `${org.url}/oauth2/default`;

    const { payload, protectedHeader } = await jwtVerify(tokens.access_token, createRemoteJWKSet(new URL(`${issuer}/v1/keys`)), { issuer, audience: 'api://default' });

    expect(protectedHeader.alg).toBe('RS256');
    expect(payload).toMatchObject({ sub: JORDAN, uid: userId(org, JORDAN), cid: 'helpdesk-mcp', scp: ['openid', 'email', 'helpdesk.read'], groups: expect.arrayContaining(['Engineering']) });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(3600);
    expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: 3600, id_token: expect.any(String) });
  });

  it('answers userinfo for the token holder', async () => {
    const tokens = await signIn(org.url, { login: JORDAN });

    const answer = await fetch(`${org.url}/oauth2/default/v1/userinfo`, { headers: { authorization: `Bearer ${tokens.access_token}` } });

    expect(await answer.json()).toMatchObject({ sub: userId(org, JORDAN), email: JORDAN, preferred_username: JORDAN });
    expect((await fetch(`${org.url}/oauth2/default/v1/userinfo`, { headers: { authorization: 'Bearer forged' } })).status).toBe(401);
  });

  it('refuses a code with the wrong PKCE verifier, and a code used twice', async () => {
    const verifier = 'a'.repeat(43);
    const redirect = await pickPerson(org.url, { login: JORDAN, verifier });
    const code = redirect.searchParams.get('code') ?? '';
    const exchange = (codeVerifier: string) =>
      tokenRequest(org.url, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, client_id: 'helpdesk-mcp', code_verifier: codeVerifier });

    expect(redirect.searchParams.get('state')).toBe('state-1');
    expect(await exchange('b'.repeat(43))).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(await exchange(verifier)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it.each([
    ['an unknown client', { client_id: 'evil-app' }, 400],
    ['a redirect URI off this machine', { redirect_uri: 'https://evil.example/callback' }, 400],
  ])('shows an error page and does not redirect for %s', async (_case, change, status) => {
    const url = authorizeUrl(org.url);
    for (const [name, value] of Object.entries(change)) url.searchParams.set(name, value);

    const answer = await fetch(url, { redirect: 'manual' });

    expect(answer.status).toBe(status);
    expect(answer.headers.get('location')).toBeNull();
  });

  it.each([
    ['no PKCE', 'code_challenge', '', 'invalid_request'],
    ['an unknown scope', 'scope', 'openid okta.users.manage', 'invalid_scope'],
  ])('redirects back with an OAuth error for %s', async (_case, name, value, error) => {
    const url = authorizeUrl(org.url);
    url.searchParams.set(name, value);

    const answer = await fetch(url, { redirect: 'manual' });

    expect(answer.status).toBe(302);
    expect(new URL(answer.headers.get('location') ?? '').searchParams.get('error')).toBe(error);
  });
});

describe('org authorization server: the help desk service app (private_key_jwt + DPoP)', () => {
  const auth = (clientId: string, privateKey: string, scopes: string[]): OktaAuth => ({ kind: 'privateKey', clientId, privateKey, keyId: undefined, scopes });

  it('lets the Okta SDK get a DPoP-bound token and read and change accounts with it', async () => {
    const settings = auth('0oaHelpdeskService', app.privateKey, ['okta.users.read', 'okta.users.manage']);
    const client = createOktaClient({ orgUrl: org.url, auth: settings });

    await verifyOktaAccess(client, settings);
    const directory = createDirectory(client);
    const omar = await directory.findUserByEmail('omar.haddad@acme.example');
    await directory.lock(omar!.id);

    expect((client.oauth.accessToken as { token_type: string }).token_type).toBe('DPoP');
    expect(omar?.id).toBe(userId(org, 'omar.haddad@acme.example'));
    expect(org.state.users.get(omar!.id)?.status).toBe('SUSPENDED');
  });

  it('refuses a DPoP-bound token sent as Bearer or without its proof', async () => {
    const settings = auth('0oaHelpdeskService', app.privateKey, ['okta.users.read']);
    const client = createOktaClient({ orgUrl: org.url, auth: settings });
    await verifyOktaAccess(client, settings);
    const token = (client.oauth.accessToken as { access_token: string }).access_token;

    const bearer = await fetch(`${org.url}/api/v1/users/me`, { headers: { authorization: `Bearer ${token}` } });
    const noProof = await fetch(`${org.url}/api/v1/users/me`, { headers: { authorization: `DPoP ${token}` } });

    expect([bearer.status, noProof.status]).toEqual([401, 401]);
    expect(await bearer.json()).toMatchObject({ errorCode: 'E0000011' });
  });

  it('answers 403 E0000006 when the token lacks the scope for the route', async () => {
    const settings = auth('0oaReadOnly', readOnlyApp.privateKey, ['okta.users.read']);
    const client = createOktaClient({ orgUrl: org.url, auth: settings });
    await verifyOktaAccess(client, settings);
    const directory = createDirectory(client);
    const jordan = await directory.findUserByEmail(JORDAN);

    await expect(directory.lock(jordan!.id)).rejects.toMatchObject({ code: 'okta_forbidden' });
    expect(org.state.users.get(jordan!.id)?.status).toBe('ACTIVE');
  });

  it.each([
    ['a key the org does not know', '0oaHelpdeskService', 'other'],
    ['an unknown client id', '0oaNobody', 'registered'],
  ])('fails at startup naming the settings for %s', async (_case, clientId, key) => {
    const stranger = await serviceAppKey();
    const settings = auth(clientId, key === 'other' ? stranger.privateKey : app.privateKey, ['okta.users.read']);

    await expect(verifyOktaAccess(createOktaClient({ orgUrl: org.url, auth: settings }), settings)).rejects.toMatchObject({
      code: 'okta_invalid_token',
      message: expect.stringMatching(/invalid_client.*OKTA_CLIENT_ID/),
    });
  });

  it('refuses scopes the app was not granted', async () => {
    const assertion = await readOnlyApp.sign({ iss: '0oaReadOnly', sub: '0oaReadOnly', aud: `${org.url}/oauth2/v1/token`, exp: Math.floor(Date.now() / 1000) + 300 });

    const answer = await tokenRequest(
      org.url,
      { grant_type: 'client_credentials', scope: 'okta.users.manage', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion },
      '/oauth2/v1/token',
    );

    expect(answer).toMatchObject({ status: 400, body: { error: 'invalid_scope' } });
  });
});
