// Reads Web API arguments the way Slack does: form-encoded (nested values as JSON strings) or JSON.

export type ApiArgs = Record<string, unknown>;

const JSON_FIELDS = ['blocks', 'attachments', 'metadata'];

/** Throws SyntaxError on malformed JSON. */
export function parseApiArgs(contentType: string, raw: string): ApiArgs {
  if (contentType.includes('application/json')) {
    const parsed: unknown = raw.trim() === '' ? {} : JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new SyntaxError('expected a JSON object');
    return parsed as ApiArgs;
  }
  const args: ApiArgs = Object.fromEntries(new URLSearchParams(raw));
  for (const field of JSON_FIELDS) {
    const value = args[field];
    if (typeof value === 'string' && value !== '') args[field] = JSON.parse(value);
  }
  return args;
}

/** A string argument, or undefined when it is missing or empty. */
export function text(args: ApiArgs, name: string): string | undefined {
  const value = args[name];
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

export function blocksOf(args: ApiArgs): unknown[] | undefined {
  return Array.isArray(args.blocks) ? args.blocks : undefined;
}
