// The OpenID Connect client for Studio sign-in: the authorization code flow with PKCE (S256)
// against an Okta authorization server (or the demo org's). Endpoints come from the issuer's
// discovery document (fetched once); the ID token is verified (signature against the issuer's
// JWKS, issuer, audience = this client, expiry, nonce) and names the Okta user who signed in.
// A confidential client (client secret) authenticates with HTTP Basic, a public one by PKCE alone.
import { createHash } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';

export type OidcClientOptions = { issuer: string; clientId: string; clientSecret?: string };
export type SignInRequest = { redirectUri: string; state: string; verifier: string; nonce: string };

type Endpoints = { authorization: string; token: string; keys: JWTVerifyGetKey };

const SCOPES = 'openid profile email';
const HTTP_TIMEOUT_MS = 10_000;

/** A failed sign-in, with a sentence that can be shown to the person (never a token). */
export class SignInError extends Error {
  override name = 'SignInError';
}

async function getJson(url: string, post?: { headers: Record<string, string>; body: URLSearchParams }): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, {
    method: post ? 'POST' : 'GET',
    headers: { accept: 'application/json', ...post?.headers },
    body: post?.body,
    signal: AbortSignal.timeout(HTTP_TIMEOUT_MS),
  });
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  return { status: response.status, body };
}

export function createOidcClient({ issuer, clientId, clientSecret }: OidcClientOptions) {
  let endpoints: Promise<Endpoints> | undefined;

  function discover(): Promise<Endpoints> {
    endpoints ??= getJson(`${issuer}/.well-known/openid-configuration`)
      .then(({ status, body }) => {
        const { authorization_endpoint: authorization, token_endpoint: token, jwks_uri: keys } = body;
        if (status !== 200 || typeof authorization !== 'string' || typeof token !== 'string' || typeof keys !== 'string') {
          throw new SignInError(`The Okta authorization server ${issuer} did not publish its OpenID configuration (HTTP ${status}).`);
        }
        return { authorization, token, keys: createRemoteJWKSet(new URL(keys)) };
      })
      .catch((error: unknown) => {
        endpoints = undefined; // try again on the next sign-in
        throw error instanceof SignInError ? error : new SignInError(`The Okta authorization server ${issuer} did not answer.`, { cause: error });
      });
    return endpoints;
  }

  return {
    /** Where to send the browser to sign in. */
    async authorizeUrl({ redirectUri, state, verifier, nonce }: SignInRequest): Promise<string> {
      const url = new URL((await discover()).authorization);
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      for (const [name, value] of Object.entries({
        client_id: clientId, response_type: 'code', scope: SCOPES, redirect_uri: redirectUri, state, nonce, code_challenge: challenge, code_challenge_method: 'S256',
      })) url.searchParams.set(name, value);
      return url.href;
    },

    /** Redeems the code and verifies the ID token: the Okta user id of the person who signed in. */
    async redeem(code: string, { redirectUri, verifier, nonce }: Omit<SignInRequest, 'state'>): Promise<{ userId: string }> {
      const { token, keys } = await discover();
      const form = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier });
      const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
      if (clientSecret) headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64')}`;
      else form.set('client_id', clientId);
      const answer = await getJson(token, { headers, body: form });
      if (answer.status !== 200 || typeof answer.body.id_token !== 'string') {
        const reason = typeof answer.body.error_description === 'string' ? answer.body.error_description : `HTTP ${answer.status}`;
        throw new SignInError(`Okta did not complete the sign-in: ${reason}`);
      }
      try {
        const { payload } = await jwtVerify(answer.body.id_token, keys, { issuer, audience: clientId, algorithms: ['RS256'], requiredClaims: ['sub', 'exp'] });
        if (payload.nonce !== nonce) throw new Error('nonce mismatch');
        return { userId: payload.sub! };
      } catch (error) {
        throw new SignInError('The ID token from Okta could not be verified.', { cause: error });
      }
    },
  };
}

export type OidcClient = ReturnType<typeof createOidcClient>;
