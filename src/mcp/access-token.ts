// Verifies an Okta-issued access token (each MCP request, and bearer calls to Studio's /api):
// signature against the issuer's JWKS (fetched and cached by jose), issuer, audience, expiry, and,
// when asked, one of the required scopes. The answer is who the token's person is (Okta user id)
// and what it may do, or the HTTP refusal to send.
import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';

export const READ_SCOPE = 'helpdesk.read';
export const ACT_SCOPE = 'helpdesk.act';

export type VerifiedToken = { userId: string; subject: string; clientId?: string; scopes: string[]; expiresAt?: number };
export type TokenRefusal = { status: 401 | 403; error: 'invalid_token' | 'insufficient_scope'; description: string };

export type AccessTokenVerifierOptions = {
  issuer: string;
  audience: string;
  /** The token must carry at least one of these scopes (default: the help desk scopes; empty: any). */
  anyOfScopes?: readonly string[];
  jwks?: JWTVerifyGetKey;
};

export function createAccessTokenVerifier({ issuer, audience, anyOfScopes = [READ_SCOPE, ACT_SCOPE], jwks }: AccessTokenVerifierOptions) {
  const keys = jwks ?? createRemoteJWKSet(new URL(`${issuer}/v1/keys`));
  return async function verifyAccessToken(authorization: string | undefined): Promise<VerifiedToken | TokenRefusal> {
    const token = /^Bearer (\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token) return { status: 401, error: 'invalid_token', description: 'An Okta access token is required (Authorization: Bearer).' };
    let payload;
    try {
      ({ payload } = await jwtVerify(token, keys, { issuer, audience, algorithms: ['RS256'], requiredClaims: ['exp', 'sub'] }));
    } catch (error) {
      const expired = error instanceof errors.JWTExpired;
      return { status: 401, error: 'invalid_token', description: expired ? 'The access token has expired.' : 'The access token is not valid for this server.' };
    }
    const scopes = Array.isArray(payload.scp) ? payload.scp.filter((scope): scope is string => typeof scope === 'string') : [];
    if (anyOfScopes.length > 0 && !anyOfScopes.some((scope) => scopes.includes(scope))) {
      return { status: 403, error: 'insufficient_scope', description: `The access token needs the ${anyOfScopes.join(' or ')} scope.` };
    }
    // Okta puts the user id in `uid`; a client_credentials token has none: it names no person.
    if (typeof payload.uid !== 'string') return { status: 403, error: 'insufficient_scope', description: 'The access token names no person (a user must sign in).' };
    return { userId: payload.uid, subject: payload.sub!, clientId: typeof payload.cid === 'string' ? payload.cid : undefined, scopes, expiresAt: payload.exp };
  };
}

export type AccessTokenVerifier = ReturnType<typeof createAccessTokenVerifier>;
