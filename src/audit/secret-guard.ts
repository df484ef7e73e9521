// Refuses text that looks like a secret (reset link, Slack or Okta token) before it reaches the audit log.

const SECRET_PATTERNS: { name: string; pattern: RegExp }[] = [
  { name: 'a password reset link', pattern: /\/reset[_-]password\//i },
  { name: 'a Slack token', pattern: /\bxox[abposer]-/i },
  { name: 'a Slack app token', pattern: /\bxapp-/i },
  { name: 'an Okta SSWS token', pattern: /\bSSWS\s/i },
  { name: 'a bearer token', pattern: /\bBearer\s+\S/i },
];

/** The kind of secret the text seems to contain, or undefined when it looks clean. */
export function findSecret(text: string): string | undefined {
  return SECRET_PATTERNS.find(({ pattern }) => pattern.test(text))?.name;
}
