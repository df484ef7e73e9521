// The v0 signature check against Slack's documented test vector and a table of bad requests.
import { describe, expect, it } from 'vitest';
import { computeSlackSignature, verifySlackSignature } from '../../src/slack/signature.js';

// https://docs.slack.dev/authentication/verifying-requests-from-slack (the documented example).
const DOCS = {
  signingSecret: '8f742231b10e8888abcd99yyyzzz85a5',
  timestamp: '1531420618',
  rawBody:
    'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
  signature: 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
};
const PINNED_NOW = 1531420618;

describe('verifySlackSignature', () => {
  it("accepts Slack's documented example request", () => {
    expect(computeSlackSignature(DOCS.signingSecret, DOCS.timestamp, DOCS.rawBody)).toBe(DOCS.signature);
    expect(verifySlackSignature({ ...DOCS, nowSeconds: PINNED_NOW })).toEqual({ ok: true });
  });

  it('signs the raw bytes: a Buffer of the same body verifies too', () => {
    expect(verifySlackSignature({ ...DOCS, rawBody: Buffer.from(DOCS.rawBody), nowSeconds: PINNED_NOW })).toEqual({ ok: true });
  });

  it.each([
    ['exactly 300 s old', PINNED_NOW + 300],
    ['exactly 300 s in the future', PINNED_NOW - 300],
  ])('accepts a timestamp %s', (_name, nowSeconds) => {
    expect(verifySlackSignature({ ...DOCS, nowSeconds })).toEqual({ ok: true });
  });

  const flipLast = (s: string) => s.slice(0, -1) + (s.endsWith('3') ? '4' : '3');
  it.each([
    ['no signature header', { signature: undefined }, 'missing_signature'],
    ['an empty signature', { signature: '' }, 'missing_signature'],
    ['no timestamp header', { timestamp: null }, 'missing_timestamp'],
    ['a timestamp that is not a number', { timestamp: '1531420618abc' }, 'bad_timestamp'],
    ['a millisecond timestamp (13 digits)', { timestamp: '1531420618000' }, 'bad_timestamp'],
    ['a timestamp one day old', { timestamp: '1531334218' }, 'stale_timestamp'],
    ['a timestamp 301 s old', { nowSeconds: PINNED_NOW + 301 }, 'stale_timestamp'],
    ['a timestamp 301 s in the future', { nowSeconds: PINNED_NOW - 301 }, 'stale_timestamp'],
    ['the last hex digit changed', { signature: flipLast(DOCS.signature) }, 'bad_signature'],
    ['a truncated signature (length differs)', { signature: DOCS.signature.slice(0, -2) }, 'bad_signature'],
    ['a v1 prefix', { signature: DOCS.signature.replace('v0=', 'v1=') }, 'bad_signature'],
    ['upper-case hex', { signature: DOCS.signature.toUpperCase().replace('V0=', 'v0=') }, 'bad_signature'],
    ['a different signing secret', { signingSecret: '8f742231b10e8888abcd99yyyzzz85a6' }, 'bad_signature'],
    ['one byte of the body changed', { rawBody: DOCS.rawBody.replace('roadrunner', 'roadrunnex') }, 'bad_signature'],
    ['a trailing newline added to the body', { rawBody: `${DOCS.rawBody}\n` }, 'bad_signature'],
    ['the signature of another timestamp', { timestamp: '1531420619' }, 'bad_signature'],
  ] as const)('rejects %s', (_name, change, reason) => {
    expect(verifySlackSignature({ ...DOCS, nowSeconds: PINNED_NOW, ...change })).toEqual({ ok: false, reason });
  });
});
