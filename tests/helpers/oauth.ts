// Signing in against the demo org's authorization server the way a browser and an OAuth client do:
// authorize (the pick-a-person page), the form post, the redirect with a code, the PKCE token call.
import { createHash, createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { exportJWK, importPKCS8, SignJWT, type JWK } from 'jose';

export const REDIRECT_URI = 'http://127.0.0.1:7777/callback';

export type SignIn = { login: string; scope?: string; clientId?: string; verifier?: string };
export type TokenAnswer = { status: number; body: Record<string, any> };

const pkce = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

/** The authorize URL a client would open, with PKCE (S256) and a state. */
export function authorizeUrl(orgUrl: string, { scope = 'openid profile email helpdesk.read helpdesk.act', clientId = 'helpdesk-mcp', verifier = 'v'.repeat(43) }: Omit<SignIn, 'login'> = {}): URL {
  const url = new URL(`${orgUrl}/oauth2/default/v1/authorize`);
  for (const [name, value] of Object.entries({
    client_id: clientId, redirect_uri: REDIRECT_URI, response_type: 'code', scope, state: 'state-1', code_challenge: pkce(verifier), code_challenge_method: 'S256',
  })) url.searchParams.set(name, value);
  return url;
}

/** Picks `login` on the sign-in page and returns where the org redirects to. */
export async function pickPerson(orgUrl: string, sign: SignIn): Promise<URL> {
  const form = new URLSearchParams(authorizeUrl(orgUrl, sign).searchParams);
  form.set('login', sign.login);
  const answer = await fetch(`${orgUrl}/oauth2/default/v1/authorize`, { method: 'POST', body: form, redirect: 'manual' });
  return new URL(answer.headers.get('location') ?? 'http://invalid/');
}

export async function tokenRequest(orgUrl: string, form: Record<string, string>, path = '/oauth2/default/v1/token'): Promise<TokenAnswer> {
  const answer = await fetch(`${orgUrl}${path}`, { method: 'POST', body: new URLSearchParams(form), headers: { accept: 'application/json' } });
  return { status: answer.status, body: (await answer.json()) as Record<string, any> };
}

/** The whole authorization code + PKCE flow for one demo person: the token endpoint's answer. */
export async function signIn(orgUrl: string, sign: SignIn): Promise<Record<string, any>> {
  const verifier = sign.verifier ?? randomBytes(32).toString('base64url');
  const redirect = await pickPerson(orgUrl, { ...sign, verifier });
  const code = redirect.searchParams.get('code');
  if (!code) throw new Error(`sign-in failed: ${redirect.href}`);
  const answer = await tokenRequest(orgUrl, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, client_id: sign.clientId ?? 'helpdesk-mcp', code_verifier: verifier });
  if (answer.status !== 200) throw new Error(`token request failed: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** An RSA key pair for a service app: the PEM the app keeps, and the public JWK the org registers. */
export async function serviceAppKey(kid = 'kid-1'): Promise<{ privateKey: string; publicJwk: JWK; sign: (claims: Record<string, unknown>) => Promise<string> }> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const publicJwk = { ...(await exportJWK(createPublicKey(publicKey))), kid, alg: 'RS256' };
  const key = await importPKCS8(privateKey, 'RS256');
  return { privateKey, publicJwk, sign: (claims) => new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid }).sign(key) };
}
