// The MCP door's token check, claim by claim: only an RS256 token signed by the issuer's key, for
// this audience, unexpired, with a helpdesk scope and a person (uid) gets through.
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAccessTokenVerifier, type AccessTokenVerifier } from '../../src/mcp/access-token.js';

const ISSUER = 'https://acme.okta.test/oauth2/default';
const AUDIENCE = 'api://default';
const now = () => Math.floor(Date.now() / 1000);
const valid: JWTPayload = { iss: ISSUER, aud: AUDIENCE, sub: 'jordan.rivera@acme.example', uid: '00uJordan0000000000', cid: 'helpdesk-mcp', scp: ['helpdesk.read'] };

let verify: AccessTokenVerifier;
let sign: (claims: JWTPayload, options?: { exp?: number; other?: boolean }) => Promise<string>;

beforeAll(async () => {
  const issuerKey = await generateKeyPair('RS256', { extractable: true });
  const otherKey = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(issuerKey.publicKey)), kid: 'k1', alg: 'RS256' };
  verify = createAccessTokenVerifier({ issuer: ISSUER, audience: AUDIENCE, jwks: createLocalJWKSet({ keys: [jwk] }) });
  sign = (claims, { exp = now() + 3600, other = false } = {}) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setIssuedAt().setExpirationTime(exp).sign(other ? otherKey.privateKey : issuerKey.privateKey);
});

describe('createAccessTokenVerifier', () => {
  it('accepts a valid token and names its person and scopes', async () => {
    expect(await verify(`Bearer ${await sign(valid)}`)).toEqual({ userId: '00uJordan0000000000', subject: valid.sub, clientId: 'helpdesk-mcp', scopes: ['helpdesk.read'], expiresAt: expect.any(Number) });
  });

  it.each([
    ['expired', () => sign(valid, { exp: now() - 60 }), 401, 'The access token has expired.'],
    ['from another issuer', () => sign({ ...valid, iss: 'https://evil.okta.test/oauth2/default' }), 401, 'not valid'],
    ['for another audience', () => sign({ ...valid, aud: 'api://other' }), 401, 'not valid'],
    ['signed by another key', () => sign(valid, { other: true }), 401, 'not valid'],
    ['without helpdesk scopes', () => sign({ ...valid, scp: ['openid', 'email'] }), 403, 'helpdesk.read or helpdesk.act'],
    ['naming no person (client_credentials)', () => sign({ ...valid, uid: undefined, sub: '0oaService' }), 403, 'names no person'],
  ])('refuses a token %s', async (_case, token, status, description) => {
    expect(await verify(`Bearer ${await token()}`)).toMatchObject({ status, description: expect.stringContaining(description) });
  });

  it('refuses an unsigned token (alg none) and a missing header', async () => {
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ ...valid, exp: now() + 60 })).toString('base64url')}.`;

    expect(await verify(`Bearer ${unsigned}`)).toMatchObject({ status: 401 });
    expect(await verify(undefined)).toMatchObject({ status: 401, error: 'invalid_token' });
  });
});
