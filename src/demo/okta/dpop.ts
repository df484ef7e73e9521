// DPoP proofs (RFC 9449) as the demo org checks them: at its token endpoint and on every API call
// made with a DPoP-bound token. Synchronous (node:crypto), so the API path stays synchronous.
import { createHash, createPublicKey, verify, type JsonWebKey } from 'node:crypto';

/** Proofs older or newer than this are refused (Okta allows a few minutes of clock skew). */
const MAX_SKEW_SECONDS = 300;

export type DpopCheck = { method: string; url: string; nowSeconds: number; accessToken?: string };
export type DpopResult = { ok: true; jkt: string; nonce?: string } | { ok: false; reason: string };

const base64urlJson = (part: string): Record<string, unknown> | undefined => {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
};

export const sha256Base64url = (text: string) => createHash('sha256').update(text).digest('base64url');

/** RFC 7638 thumbprint of a public RSA or EC key: the value a DPoP-bound token's `cnf.jkt` holds. */
export function jwkThumbprint(jwk: JsonWebKey): string {
  const members = jwk.kty === 'EC' ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y } : { e: jwk.e, kty: jwk.kty, n: jwk.n };
  return sha256Base64url(JSON.stringify(members));
}

/** Checks one DPoP header: signed by the key it carries, for this method and URL, recent, bound to the token. */
export function checkDpopProof(proof: string | undefined, check: DpopCheck): DpopResult {
  const [headerPart = '', payloadPart = '', signature = '', ...rest] = (proof ?? '').split('.');
  const header = base64urlJson(headerPart);
  const payload = base64urlJson(payloadPart);
  if (!header || !payload || rest.length > 0 || signature === '') return { ok: false, reason: 'The DPoP proof is not a JWT.' };
  const jwk = header.jwk as JsonWebKey | undefined;
  if (header.typ !== 'dpop+jwt' || (header.alg !== 'RS256' && header.alg !== 'ES256') || !jwk || typeof jwk !== 'object' || 'd' in jwk) {
    return { ok: false, reason: 'The DPoP proof header must have typ dpop+jwt, alg RS256 or ES256 and a public jwk.' };
  }
  let signed: boolean;
  try {
    const key = createPublicKey({ key: jwk, format: 'jwk' });
    const data = Buffer.from(`${headerPart}.${payloadPart}`);
    signed = verify('sha256', data, header.alg === 'ES256' ? { key, dsaEncoding: 'ieee-p1363' } : key, Buffer.from(signature, 'base64url'));
  } catch {
    signed = false;
  }
  if (!signed) return { ok: false, reason: 'The DPoP proof signature is invalid.' };
  const { htm, htu, iat, ath, nonce } = payload;
  if (typeof htm !== 'string' || htm.toUpperCase() !== check.method.toUpperCase() || htu !== check.url) {
    return { ok: false, reason: 'The DPoP proof htm/htu do not match this request.' };
  }
  if (typeof iat !== 'number' || Math.abs(check.nowSeconds - iat) > MAX_SKEW_SECONDS) return { ok: false, reason: 'The DPoP proof iat is not recent.' };
  if (check.accessToken !== undefined && ath !== sha256Base64url(check.accessToken)) {
    return { ok: false, reason: 'The DPoP proof ath does not match the access token.' };
  }
  return { ok: true, jkt: jwkThumbprint(jwk), nonce: typeof nonce === 'string' ? nonce : undefined };
}
