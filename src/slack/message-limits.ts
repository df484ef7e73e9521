// Slack's size limits for one message, and how mrkdwn is cut to fit them without breaking a link,
// an &amp; entity, an emoji's surrogate pair or a code block. Pure.
//
// The rule we keep: every text we post, top-level or in a section, is at most 3,000 characters
// (Slack rejects a longer section with invalid_blocks; it accepts a top-level text up to 40,000
// and answers msg_too_long beyond, but clients collapse or truncate past 4,000, so a long answer
// is split into several thread messages instead), and a message has at most 50 blocks.

export const SLACK_LIMITS = {
  /** Blocks in one message (more: invalid_blocks). */
  blocks: 50,
  /** Characters in a section's text (more: invalid_blocks). Also our rule for every posted text. */
  sectionText: 3000,
  /** Characters in a message's top-level text (more: msg_too_long). */
  messageText: 40_000,
} as const;

const FENCE = '```';

/**
 * Cuts mrkdwn into pieces of at most `limit` characters, in order, breaking at a blank line, else
 * a line end, else a space, when one lies in the second half of the room. A code block cut in two
 * is closed at the end of one piece and reopened at the start of the next.
 */
export function splitMrkdwn(text: string, limit: number = SLACK_LIMITS.sectionText): string[] {
  const pieces: string[] = [];
  let rest = text.trim();
  let reopen = '';
  // Every turn removes at least one non-space character from `rest`, so the loop ends and no piece is empty.
  while (rest !== '') {
    if (reopen.length + rest.length <= limit) {
      pieces.push(reopen + rest);
      break;
    }
    const room = limit - reopen.length - FENCE.length - 1;
    const cut = cutPoint(rest, room);
    let piece = reopen + rest.slice(0, cut).trimEnd();
    rest = rest.slice(cut).trim();
    const insideCode = countOf(piece, FENCE) % 2 === 1;
    if (insideCode) piece += `\n${FENCE}`;
    reopen = insideCode ? `${FENCE}\n` : '';
    pieces.push(piece);
  }
  return pieces;
}

/** The first `limit` characters' worth of `text`, cut like splitMrkdwn and ending in "…" when cut. */
export function fitMrkdwn(text: string, limit: number = SLACK_LIMITS.sectionText): string {
  if (text.length <= limit) return text;
  return `${splitMrkdwn(text, limit - 1)[0] ?? ''}…`;
}

/** Where to cut `text` so the first part has at most `room` (> 0) characters; always > 0. */
function cutPoint(text: string, room: number): number {
  const window = text.slice(0, room + 1);
  const half = Math.floor(room / 2);
  let cut = room;
  for (const separator of ['\n\n', '\n', ' ']) {
    const at = window.lastIndexOf(separator, room - separator.length);
    if (at >= half) {
      cut = at;
      break;
    }
  }
  // Not inside Slack's <url|label>, <@U…> or <!here> syntax (a literal < is always escaped as &lt;).
  const open = text.lastIndexOf('<', cut - 1);
  if (open > 0 && open > text.lastIndexOf('>', cut - 1)) cut = open;
  // Not inside an entity such as &amp; or &lt;.
  const amp = text.lastIndexOf('&', cut - 1);
  if (amp > 0 && cut - amp < 6 && !text.slice(amp, cut).includes(';')) cut = amp;
  // Not between the two halves of a surrogate pair.
  const code = text.charCodeAt(cut - 1);
  if (cut > 1 && code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return Math.max(1, cut);
}

function countOf(text: string, part: string): number {
  return text.split(part).length - 1;
}
