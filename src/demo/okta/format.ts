// Okta-looking identifiers, secrets and timestamps for the demo org.
import { createHash, randomBytes } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function encode(bytes: Buffer, length: number): string {
  let text = '';
  for (let i = 0; i < length; i += 1) text += ALPHABET[bytes[i % bytes.length]! % ALPHABET.length];
  return text;
}

/** A 20-character id such as `00u...` that is the same every time for the same key. */
export function stableId(prefix: string, key: string): string {
  return prefix + encode(createHash('sha256').update(key).digest(), 20 - prefix.length);
}

/** A random alphanumeric string (reset tokens, error ids, cursors). */
export function randomToken(length: number): string {
  return encode(randomBytes(length), length);
}

/** Okta writes times with whole seconds: `2025-09-29T03:49:51.000Z`. */
export function oktaTime(date: Date): string {
  return new Date(Math.floor(date.getTime() / 1000) * 1000).toISOString();
}
