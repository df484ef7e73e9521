// The sources line under a reply: the Okta calls the answer came from, as a context block
// ("GET /api/v1/users/…/groups 200 · req 3f2a… · 09:14:03 UTC"), so anyone can check it in Okta's
// System Log by request id. Pure. A reply with no Okta call gets no line; past a few calls only the
// last ones are listed (the action and the reads that answered come last; the first ones are the
// identity and permission checks) and the earlier ones counted: the audit row keeps them all.
// Paths arrive secret-free from the Okta layer.
import type { OktaCall } from './types.js';
import type { Block, ReplyMessage } from './cards.js';
import { escapeText } from './mrkdwn.js';

/** Calls listed one per line; earlier ones are counted in one line. */
export const SOURCES_SHOWN = 5;
/** A longer path (a long search) is cut with "…": the line is for reading, the audit row is exact. */
const PATH_SHOWN = 120;

/** The mrkdwn of the sources line, or undefined when the answer made no Okta call. */
export function sourcesText(calls: readonly OktaCall[] | undefined): string | undefined {
  if (!calls || calls.length === 0) return undefined;
  const earlier = calls.length - SOURCES_SHOWN;
  const lines = calls.slice(-SOURCES_SHOWN).map(callLine);
  if (earlier > 0) lines.unshift(`${earlier} earlier Okta call${earlier === 1 ? '' : 's'} (all are in the audit log), then:`);
  return `*Sources (Okta):*\n${lines.join('\n')}`;
}

/** The context block of the sources line, or undefined when there is none. */
export function sourcesBlock(calls: readonly OktaCall[] | undefined): Block | undefined {
  const text = sourcesText(calls);
  return text === undefined ? undefined : { type: 'context', elements: [{ type: 'mrkdwn', text }] };
}

/** The reply's messages with the sources line under the last one (a plain message becomes a section). */
export function withSources(messages: ReplyMessage[], calls: readonly OktaCall[] | undefined): ReplyMessage[] {
  const block = sourcesBlock(calls);
  const last = messages.at(-1);
  if (!block || !last) return messages;
  const blocks = last.blocks ?? [{ type: 'section', text: { type: 'mrkdwn', text: last.text } }];
  return [...messages.slice(0, -1), { ...last, blocks: [...blocks, block] }];
}

function callLine({ method, path, status, requestId, at }: OktaCall): string {
  const parts = [`\`${escapeText(`${method} ${shownPath(path)}`)}\``, status === null ? 'no answer' : String(status)];
  if (requestId) parts.push(`req \`${escapeText(requestId.replace(/`/g, "'"))}\``);
  parts.push(`${at.slice(11, 19)} UTC`);
  return parts.join(' · ');
}

/** The path as people read it: query values decoded, backticks (which would end the code span) replaced. */
function shownPath(path: string): string {
  let readable = path;
  try {
    readable = decodeURIComponent(path);
  } catch {
    // A path that is not valid percent-encoding is shown as sent.
  }
  readable = readable.replace(/`/g, "'").replace(/\s+/g, ' ');
  return readable.length > PATH_SHOWN ? `${readable.slice(0, PATH_SHOWN - 1)}…` : readable;
}
