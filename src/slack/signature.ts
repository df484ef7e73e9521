// Verifies Slack's v0 request signature over the exact raw bytes of a request. Pure: the clock is
// passed in, nothing is logged. https://docs.slack.dev/authentication/verifying-requests-from-slack
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Requests older or newer than this are rejected (replay window, both directions). */
export const MAX_SKEW_SECONDS = 300;

export type SignatureInput = {
  signingSecret: string;
  /** X-Slack-Request-Timestamp header, seconds since the epoch. */
  timestamp: string | null | undefined;
  /** X-Slack-Signature header, `v0=<64 hex>`. */
  signature: string | null | undefined;
  rawBody: Uint8Array | string;
  nowSeconds: number;
};

export type SignatureCheck =
  | { ok: true }
  | { ok: false; reason: 'missing_timestamp' | 'bad_timestamp' | 'stale_timestamp' | 'missing_signature' | 'bad_signature' };

export function computeSlackSignature(signingSecret: string, timestamp: string, rawBody: Uint8Array | string): string {
  const hmac = createHmac('sha256', signingSecret);
  hmac.update(`v0:${timestamp}:`);
  hmac.update(rawBody);
  return `v0=${hmac.digest('hex')}`;
}

export function verifySlackSignature(input: SignatureInput): SignatureCheck {
  const { timestamp, signature } = input;
  if (!timestamp) return { ok: false, reason: 'missing_timestamp' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'bad_timestamp' };
  if (Math.abs(input.nowSeconds - Number(timestamp)) > MAX_SKEW_SECONDS) return { ok: false, reason: 'stale_timestamp' };
  if (!signature) return { ok: false, reason: 'missing_signature' };
  const expected = Buffer.from(computeSlackSignature(input.signingSecret, timestamp, input.rawBody), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad_signature' };
  return { ok: true };
}
