// Reads the HELPDESK_POLICY file (the only I/O in src/policy); no path means the built-in defaults.
import { readFileSync } from 'node:fs';
import { DEFAULT_POLICY } from './default-policy.js';
import { parsePolicy } from './policy-schema.js';
import type { HelpdeskPolicy } from './types.js';

export function loadPolicy(path?: string): HelpdeskPolicy {
  if (path === undefined) return DEFAULT_POLICY;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new Error(`HELPDESK_POLICY file ${path} cannot be read`, { cause });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new Error(`HELPDESK_POLICY file ${path} is not valid JSON: ${(cause as Error).message}`, { cause });
  }
  return parsePolicy(value, path);
}
