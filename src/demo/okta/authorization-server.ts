// The demo org as an OAuth 2.0 / OpenID Connect authorization server, in Okta's shapes, so every
// door works with no credentials:
// - the org AS (issuer = org URL): POST /oauth2/v1/token, client_credentials with a private_key_jwt
//   assertion and DPoP (use_dpop_nonce first, as Okta does), for the help desk's own service app;
//   its opaque tokens then open the Management API (scopes checked per route, proofs per call);
// - the custom AS "default" (issuer = org URL/oauth2/default): discovery, authorize with a page to
//   pick a demo person, token (authorization code + PKCE, client_credentials + private_key_jwt),
//   JWKS and userinfo. Its access tokens are RS256 JWTs with Okta's claims (uid, cid, scp, groups).
// The signing key is made at first use and lives only in this process.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createLocalJWKSet, decodeJwt, exportJWK, generateKeyPair, jwtVerify, SignJWT, type CryptoKey, type JWK } from 'jose';
import { checkDpopProof, sha256Base64url } from './dpop.js';
import { accessDenied, invalidToken, OktaHttpError } from './errors.js';
import { randomToken } from './format.js';
import { findUser, type OrgState } from './org-state.js';
import { escapeHtml } from './reset-page.js';
import { signInPage } from './sign-in-page.js';
import type { UserRecord } from './types.js';

/** The audience of the default custom authorization server, as in every Okta org. */
export const DEMO_AUDIENCE = 'api://default';
/** The help desk's own scopes on the custom AS: look things up, and change accounts. */
export const HELPDESK_SCOPES = ['helpdesk.read', 'helpdesk.act'] as const;
/**
 * Public clients (authorization code + PKCE, no secret) registered in the demo org, with any
 * loopback redirect URI: Studio sign-in and MCP clients such as Claude Desktop or the MCP Inspector.
 */
export const DEMO_OAUTH_CLIENTS = ['helpdesk-studio', 'helpdesk-mcp'] as const;

/** An API service app: client_credentials with private_key_jwt, granted these scopes. */
export type DemoServiceApp = { clientId: string; jwks: JWK[]; scopes: string[] };

const CUSTOM_AS = '/oauth2/default';
const ORG_TOKEN_PATH = '/oauth2/v1/token';
const CUSTOM_SCOPES = ['openid', 'profile', 'email', 'groups', ...HELPDESK_SCOPES];
const ACCESS_TOKEN_SECONDS = 3600;
const CODE_SECONDS = 300;
const MAX_BODY_BYTES = 64 * 1024;
const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** Management API scopes by route: reads need *.read or *.manage, writes need *.manage. */
function requiredScopes(method: string, path: string): string[] {
  // Verifying a factor and reading its transaction are user operations in Okta's scopes (okta.users.*).
  const userFactorCheck = /\/factors\/[^/]+\/(verify|transactions\/[^/]+)$/.test(path);
  const area = path.startsWith('/api/v1/groups') ? 'groups' : path.startsWith('/api/v1/logs') ? 'logs' : /\/factors(\/|$)/.test(path) && !userFactorCheck ? 'factors' : 'users';
  if (method === 'GET') return area === 'logs' ? ['okta.logs.read'] : [`okta.${area}.read`, `okta.${area}.manage`];
  return [`okta.${area}.manage`];
}

type Form = URLSearchParams;
type Answer = { status: number; json?: unknown; html?: string; location?: string; headers?: Record<string, string> };
type OrgToken = { clientId: string; scopes: string[]; jkt?: string; expiresAt: number };
type AuthorizationCode = { clientId: string; redirectUri: string; challenge: string; userId: string; scopes: string[]; nonce?: string; expiresAt: number };

class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    description: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(description);
  }
}

const isLoopbackRedirect = (uri: string) => {
  if (!URL.canParse(uri)) return false;
  const url = new URL(uri);
  return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) && url.hash === '';
};

export type AuthorizationServerOptions = { state: OrgState; now: () => Date; serviceApps: DemoServiceApp[] };

export function createAuthorizationServer({ state, now, serviceApps }: AuthorizationServerOptions) {
  let signing: Promise<{ privateKey: CryptoKey; jwk: JWK }> | undefined;
  const dpopNonce = randomToken(32);
  const orgTokens = new Map<string, OrgToken>();
  const codes = new Map<string, AuthorizationCode>();
  const seconds = () => Math.floor(now().getTime() / 1000);

  function signingKey() {
    signing ??= generateKeyPair('RS256', { extractable: true }).then(async ({ privateKey, publicKey }) => {
      const jwk = { ...(await exportJWK(publicKey)), kid: randomToken(43), alg: 'RS256', use: 'sig' };
      return { privateKey, jwk };
    });
    return signing;
  }

  const groupsOf = (user: UserRecord) =>
    [...state.groups.values()].filter((group) => state.memberships.get(group.id)?.has(user.id)).map((group) => group.name);

  function discovery(base: string) {
    const issuer = `${base}${CUSTOM_AS}`;
    return {
      issuer,
      authorization_endpoint: `${issuer}/v1/authorize`,
      token_endpoint: `${issuer}/v1/token`,
      userinfo_endpoint: `${issuer}/v1/userinfo`,
      jwks_uri: `${issuer}/v1/keys`,
      response_types_supported: ['code'],
      response_modes_supported: ['query'],
      grant_types_supported: ['authorization_code', 'client_credentials'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      scopes_supported: CUSTOM_SCOPES,
      token_endpoint_auth_methods_supported: ['none', 'private_key_jwt'],
      token_endpoint_auth_signing_alg_values_supported: ['RS256', 'ES256'],
      code_challenge_methods_supported: ['S256'],
      dpop_signing_alg_values_supported: ['RS256', 'ES256'],
      claims_supported: ['iss', 'sub', 'aud', 'iat', 'exp', 'auth_time', 'nonce', 'email', 'name', 'preferred_username', 'groups'],
    };
  }

  /** The scopes asked for, each known here and, for a service app, granted to it. */
  function grantedScopes(requested: string | null, allowed: readonly string[]): string[] {
    const scopes = (requested ?? '').split(' ').filter(Boolean);
    if (scopes.length === 0) throw new OAuthError(400, 'invalid_scope', 'The authorization server requires a scope.');
    const unknown = scopes.filter((scope) => !allowed.includes(scope));
    if (unknown.length > 0) throw new OAuthError(400, 'invalid_scope', `One or more scopes are not configured for the authorization server resource: ${unknown.join(' ')}`);
    return scopes;
  }

  /** private_key_jwt: an assertion signed by one of the service app's registered keys, for this token URL. */
  async function authenticateServiceApp(form: Form, tokenUrl: string): Promise<DemoServiceApp> {
    const assertion = form.get('client_assertion');
    if (form.get('client_assertion_type') !== ASSERTION_TYPE || !assertion) {
      throw new OAuthError(401, 'invalid_client', 'Client authentication must use private_key_jwt (client_assertion).');
    }
    let issuer: unknown;
    try {
      issuer = decodeJwt(assertion).iss;
    } catch {
      throw new OAuthError(401, 'invalid_client', 'The client_assertion is not a JWT.');
    }
    const clientId = form.get('client_id') ?? issuer;
    const app = serviceApps.find((candidate) => candidate.clientId === clientId);
    if (!app) throw new OAuthError(401, 'invalid_client', 'The client is not registered in this org.');
    try {
      await jwtVerify(assertion, createLocalJWKSet({ keys: app.jwks }), {
        issuer: app.clientId, subject: app.clientId, audience: tokenUrl, currentDate: now(), requiredClaims: ['exp'],
      });
    } catch {
      throw new OAuthError(401, 'invalid_client', 'The client_assertion signature is invalid.');
    }
    return app;
  }

  /** DPoP at a token endpoint: a valid proof, and the current nonce (else use_dpop_nonce, as Okta answers). */
  function dpopKeyThumbprint(request: IncomingMessage, tokenUrl: string): string {
    const proof = checkDpopProof(request.headers.dpop as string | undefined, { method: 'POST', url: tokenUrl, nowSeconds: seconds() });
    if (!proof.ok) throw new OAuthError(400, 'invalid_dpop_proof', proof.reason);
    if (proof.nonce !== dpopNonce) {
      throw new OAuthError(400, 'use_dpop_nonce', 'Authorization server requires nonce in DPoP proof.', { 'DPoP-Nonce': dpopNonce });
    }
    return proof.jkt;
  }

  async function orgToken(request: IncomingMessage, form: Form, base: string): Promise<Answer> {
    const tokenUrl = `${base}${ORG_TOKEN_PATH}`;
    if (form.get('grant_type') !== 'client_credentials') throw new OAuthError(400, 'unsupported_grant_type', 'The org authorization server supports client_credentials only.');
    const app = await authenticateServiceApp(form, tokenUrl);
    const scopes = grantedScopes(form.get('scope'), app.scopes.filter((scope) => scope.startsWith('okta.')));
    const jkt = request.headers.dpop === undefined ? undefined : dpopKeyThumbprint(request, tokenUrl);
    const accessToken = randomToken(48);
    for (const [token, record] of orgTokens) if (record.expiresAt <= seconds()) orgTokens.delete(token);
    orgTokens.set(accessToken, { clientId: app.clientId, scopes, jkt, expiresAt: seconds() + ACCESS_TOKEN_SECONDS });
    return { status: 200, json: { token_type: jkt ? 'DPoP' : 'Bearer', expires_in: ACCESS_TOKEN_SECONDS, access_token: accessToken, scope: scopes.join(' ') } };
  }

  async function accessTokenJwt(base: string, claims: Record<string, unknown>, subject: string, clientId: string): Promise<string> {
    const { privateKey, jwk } = await signingKey();
    return new SignJWT({ ver: 1, cid: clientId, ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: jwk.kid!, typ: 'application/okta-internal-at+jwt' })
      .setJti(`AT.${randomToken(43)}`)
      .setIssuer(`${base}${CUSTOM_AS}`)
      .setAudience(DEMO_AUDIENCE)
      .setSubject(subject)
      .setIssuedAt(seconds())
      .setExpirationTime(seconds() + ACCESS_TOKEN_SECONDS)
      .sign(privateKey);
  }

  async function customToken(form: Form, base: string): Promise<Answer> {
    const tokenUrl = `${base}${CUSTOM_AS}/v1/token`;
    const grant = form.get('grant_type');
    if (grant === 'client_credentials') {
      const app = await authenticateServiceApp(form, tokenUrl);
      const scopes = grantedScopes(form.get('scope'), app.scopes.filter((scope) => (HELPDESK_SCOPES as readonly string[]).includes(scope)));
      const accessToken = await accessTokenJwt(base, { scp: scopes }, app.clientId, app.clientId);
      return { status: 200, json: { token_type: 'Bearer', expires_in: ACCESS_TOKEN_SECONDS, access_token: accessToken, scope: scopes.join(' ') } };
    }
    if (grant !== 'authorization_code') throw new OAuthError(400, 'unsupported_grant_type', 'Use authorization_code or client_credentials.');
    const code = codes.get(form.get('code') ?? '');
    codes.delete(form.get('code') ?? '');
    if (!code || code.expiresAt <= seconds() || code.clientId !== form.get('client_id') || code.redirectUri !== form.get('redirect_uri')) {
      throw new OAuthError(400, 'invalid_grant', 'The authorization code is invalid or has expired.');
    }
    if (sha256Base64url(form.get('code_verifier') ?? '') !== code.challenge) throw new OAuthError(400, 'invalid_grant', 'PKCE verification failed.');
    const user = state.users.get(code.userId);
    if (user?.status !== 'ACTIVE') throw new OAuthError(400, 'invalid_grant', 'The user is not active.');
    const groups = groupsOf(user);
    const accessToken = await accessTokenJwt(base, { uid: user.id, scp: code.scopes, auth_time: seconds(), groups }, user.profile.login, code.clientId);
    const answer: Record<string, unknown> = { token_type: 'Bearer', expires_in: ACCESS_TOKEN_SECONDS, access_token: accessToken, scope: code.scopes.join(' ') };
    if (code.scopes.includes('openid')) {
      const { privateKey, jwk } = await signingKey();
      answer.id_token = await new SignJWT({ ver: 1, email: user.profile.email, name: user.profile.displayName, preferred_username: user.profile.login, groups, ...(code.nonce ? { nonce: code.nonce } : {}) })
        .setProtectedHeader({ alg: 'RS256', kid: jwk.kid! })
        .setIssuer(`${base}${CUSTOM_AS}`)
        .setAudience(code.clientId)
        .setSubject(user.id)
        .setIssuedAt(seconds())
        .setExpirationTime(seconds() + ACCESS_TOKEN_SECONDS)
        .sign(privateKey);
    }
    return { status: 200, json: answer };
  }

  /** Checks what an authorize request names before anything is redirected (bad client or redirect: no redirect). */
  function authorizeRequest(params: URLSearchParams): { problem: string } | { redirect: string } | { clientId: string; redirectUri: string; scopes: string[] } {
    const clientId = params.get('client_id') ?? '';
    const redirectUri = params.get('redirect_uri') ?? '';
    if (!(DEMO_OAUTH_CLIENTS as readonly string[]).includes(clientId)) return { problem: `Unknown client_id "${clientId}". Demo clients: ${DEMO_OAUTH_CLIENTS.join(', ')}.` };
    if (!isLoopbackRedirect(redirectUri)) return { problem: 'The redirect_uri must be an http URL on 127.0.0.1, localhost or [::1].' };
    const fail = (error: string, description: string) => {
      const target = new URL(redirectUri);
      target.searchParams.set('error', error);
      target.searchParams.set('error_description', description);
      if (params.get('state')) target.searchParams.set('state', params.get('state')!);
      return { redirect: target.href };
    };
    if (params.get('response_type') !== 'code') return fail('unsupported_response_type', 'The response type must be code.');
    if (params.get('code_challenge_method') !== 'S256' || !params.get('code_challenge')) return fail('invalid_request', 'PKCE is required: code_challenge with code_challenge_method S256.');
    try {
      return { clientId, redirectUri, scopes: grantedScopes(params.get('scope'), CUSTOM_SCOPES) };
    } catch (error) {
      return fail('invalid_scope', (error as Error).message);
    }
  }

  function authorize(method: string, params: URLSearchParams, base: string): Answer {
    const checked = authorizeRequest(params);
    if ('problem' in checked) return { status: 400, html: `<!doctype html><p>${escapeHtml(checked.problem)}</p>` };
    if ('redirect' in checked) return { status: 302, location: checked.redirect };
    const people = [...state.users.values()];
    if (method === 'GET') return { status: 200, html: signInPage(`${base}${CUSTOM_AS}/v1/authorize`, params, checked.clientId, people) };
    const user = findUser(state, params.get('login') ?? '');
    if (user?.status !== 'ACTIVE') return { status: 200, html: signInPage(`${base}${CUSTOM_AS}/v1/authorize`, params, checked.clientId, people) };
    const code = randomToken(43);
    codes.set(code, {
      clientId: checked.clientId, redirectUri: checked.redirectUri, challenge: params.get('code_challenge')!, userId: user.id,
      scopes: checked.scopes, nonce: params.get('nonce') ?? undefined, expiresAt: seconds() + CODE_SECONDS,
    });
    const target = new URL(checked.redirectUri);
    target.searchParams.set('code', code);
    if (params.get('state')) target.searchParams.set('state', params.get('state')!);
    return { status: 302, location: target.href };
  }

  async function userinfo(request: IncomingMessage, base: string): Promise<Answer> {
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
    const { jwk } = await signingKey();
    try {
      const { payload } = await jwtVerify(token, createLocalJWKSet({ keys: [jwk] }), { issuer: `${base}${CUSTOM_AS}`, audience: DEMO_AUDIENCE, currentDate: now() });
      const user = state.users.get(String(payload.uid));
      if (!user || !(payload.scp as string[]).includes('openid')) throw new Error('no user or no openid scope');
      return {
        status: 200,
        json: { sub: user.id, name: user.profile.displayName, email: user.profile.email, email_verified: true, preferred_username: user.profile.login, groups: groupsOf(user) },
      };
    } catch {
      return { status: 401, json: { error: 'invalid_token', error_description: 'The access token is invalid.' }, headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' } };
    }
  }

  async function route(request: IncomingMessage, url: URL, base: string, form: Form): Promise<Answer | undefined> {
    const at = `${request.method} ${url.pathname}`;
    if (at === `POST ${ORG_TOKEN_PATH}`) return orgToken(request, form, base);
    if (!url.pathname.startsWith(CUSTOM_AS)) return undefined;
    switch (at.replace(CUSTOM_AS, '')) {
      case 'GET /.well-known/openid-configuration':
      case 'GET /.well-known/oauth-authorization-server':
        return { status: 200, json: discovery(base) };
      case 'GET /v1/keys':
        return { status: 200, json: { keys: [(await signingKey()).jwk] } };
      case 'GET /v1/authorize':
        return authorize('GET', url.searchParams, base);
      case 'POST /v1/authorize':
        return authorize('POST', form, base);
      case 'POST /v1/token':
        return customToken(form, base);
      case 'GET /v1/userinfo':
        return userinfo(request, base);
      default:
        return undefined;
    }
  }

  return {
    /** Answers one /oauth2/* request. */
    async handle(request: IncomingMessage, response: ServerResponse, url: URL, base: string): Promise<void> {
      let answer: Answer;
      try {
        const body = await readBody(request);
        answer = (await route(request, url, base, new URLSearchParams(body))) ?? { status: 404, json: { error: 'not_found', error_description: `No such endpoint: ${url.pathname}` } };
      } catch (error) {
        if (!(error instanceof OAuthError)) throw error;
        answer = { status: error.status, json: { error: error.error, error_description: error.message }, headers: error.headers };
      }
      for (const [name, value] of Object.entries(answer.headers ?? {})) response.setHeader(name, value);
      response.setHeader('Cache-Control', 'no-store');
      if (answer.location) response.writeHead(answer.status, { Location: answer.location }).end();
      else if (answer.html !== undefined) response.writeHead(answer.status, { 'Content-Type': 'text/html; charset=utf-8' }).end(answer.html);
      else response.writeHead(answer.status, { 'Content-Type': 'application/json' }).end(JSON.stringify(answer.json));
    },

    /**
     * A Management API call with an org AS token (`Bearer` or `DPoP` + proof): undefined when allowed,
     * else the Okta error to answer (401 E0000011 bad token, 403 E0000006 missing scope).
     */
    checkApiToken(request: IncomingMessage, url: URL, base: string): OktaHttpError | undefined {
      const [, scheme, token = ''] = /^(Bearer|DPoP) (.+)$/.exec(request.headers.authorization ?? '') ?? [];
      const record = orgTokens.get(token);
      if (!scheme || !record || record.expiresAt <= seconds()) return invalidToken();
      if (record.jkt) {
        if (scheme !== 'DPoP') return invalidToken();
        const proof = checkDpopProof(request.headers.dpop as string | undefined, { method: request.method ?? 'GET', url: `${base}${url.pathname}`, nowSeconds: seconds(), accessToken: token });
        if (!proof.ok || proof.jkt !== record.jkt) return invalidToken();
      } else if (scheme !== 'Bearer') return invalidToken();
      const needed = requiredScopes(request.method ?? 'GET', url.pathname);
      return needed.some((scope) => record.scopes.includes(scope)) ? undefined : accessDenied();
    },
  };
}

export type AuthorizationServer = ReturnType<typeof createAuthorizationServer>;

async function readBody(request: IncomingMessage): Promise<string> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new OAuthError(413, 'invalid_request', 'The request body is too large.');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
