// Refuses text that contains a secret before it reaches the audit log. It guards values, not words:
// the exact secrets this server was configured with, and the shapes real secrets have (a reset-link
// URL or its path, Slack and Okta tokens, bearer tokens and JWTs of token length). A person named "Bearer x",
// a group called "SSWS Team" or a sentence about a reset link is not a secret and is recorded.

const SECRET_SHAPES: { name: string; pattern: RegExp }[] = [
  { name: 'a password reset link', pattern: /https?:\/\/\S+\/(?:reset[_-]password|signin\/reset-password)\/\S+/i },
  { name: "a password reset link's path", pattern: /\/reset[_-]password\/[\w-]{8,}/i },
  { name: 'a Slack token', pattern: /\bxox[abposer]-[0-9A-Za-z-]{8,}/ },
  { name: 'a Slack app token', pattern: /\bxapp-[0-9A-Za-z-]{8,}/ },
  { name: 'an Okta SSWS token', pattern: /\bSSWS\s+[0-9A-Za-z_-]{20,}/ },
  { name: 'a bearer token', pattern: /\bBearer\s+[0-9A-Za-z._~+/-]{20,}/ },
  { name: 'a JSON Web Token', pattern: /\beyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]{8,}/ },
];
/** Shorter configured values are too likely to occur in ordinary text to be refused on sight. */
const MIN_KNOWN_SECRET_LENGTH = 8;

export type SecretGuard = {
  /** The kind of secret the text contains, or undefined when it holds none. */
  findSecret(text: string): string | undefined;
};

/** `knownSecrets`: this server's own tokens and keys (from the configuration), refused wherever they appear. */
export function createSecretGuard(knownSecrets: Iterable<string> = []): SecretGuard {
  const known = [...knownSecrets].filter((secret) => secret.length >= MIN_KNOWN_SECRET_LENGTH);
  return {
    findSecret(text) {
      if (known.some((secret) => text.includes(secret))) return 'a configured secret';
      return SECRET_SHAPES.find(({ pattern }) => pattern.test(text))?.name;
    },
  };
}
