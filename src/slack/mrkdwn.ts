// Converts the Markdown a model writes into Slack mrkdwn: **bold** -> *bold*, *italic* -> _italic_,
// [text](url) -> <url|text>, channel links <#C…> kept, headings -> bold lines, "- " bullets -> "• ",
// and &, <, > escaped everywhere except inside the link syntax Slack itself reads. Pure, and linear in the input: no
// pattern here can rescan the rest of the text from each of many openers (a model or a person can
// send 320k characters of unclosed `**` or `[`).

const HOLE = '\u0000';
const BOLD = '\u0001';

export function markdownToMrkdwn(markdown: string): string {
  const held: string[] = [];
  const hold = (text: string) => `${HOLE}${held.push(text) - 1}${HOLE}`;

  // The two marker characters are ours: drop them from the input so nothing can forge a placeholder.
  let text = markdown.replaceAll(HOLE, '').replaceAll(BOLD, '').replace(/\r\n?/g, '\n');
  // Code first: nothing inside it is formatting, only escaping applies.
  text = text.replace(/```[^\n`]*\n?([\s\S]*?)```/g, (_m, code: string) => hold('```\n' + escapeText(code.replace(/\n$/, '')) + '\n```'));
  text = text.replace(/`([^`\n]+)`/g, (_m, code: string) => hold('`' + escapeText(code) + '`'));
  // Links: [text](url) and <https://...> autolinks.
  // A label stops at the next bracket and a URL at the next bracket or `)`, so each scan is bounded.
  text = text.replace(/\[([^[\]\n]+)\]\(([^\s)[\]]+)(?:\s+"[^"\n]*")?\)/g, (whole, label: string, url: string) =>
    isLinkable(url) ? hold(`<${escapeUrl(url)}|${escapeText(stripInline(label)).replace(/\|/g, '¦')}>`) : whole,
  );
  text = text.replace(/<((?:https?|mailto):[^\s<>]+)>/g, (_m, url: string) => hold(`<${escapeUrl(url)}>`));
  // A channel link (<#C0123ABCD>, as a refusal points to HELPDESK_CHANNEL) notifies nobody: kept, without a label.
  text = text.replace(/<#([CG][A-Z0-9]{2,})(?:\|[^<>|\n]*)?>/g, (_m, id: string) => hold(`<#${id}>`));

  text = escapeText(text);
  text = text
    .split('\n')
    .map((line) => {
      const heading = /^\s{0,3}#{1,6}\s+/.exec(line);
      if (heading) return `${BOLD}${stripInline(headingText(line.slice(heading[0].length)))}${BOLD}`;
      return line.replace(/^(\s*)[-*+]\s+(?=\S)/, '$1• ');
    })
    .join('\n');
  // A span never contains its own marker, so an opener without a closer scans only to the next marker.
  text = text
    .replace(/\*\*(?=\S)((?:(?!\*\*)[\s\S])*?\S)\*\*/g, `${BOLD}$1${BOLD}`)
    .replace(/__(?=\S)((?:(?!__)[\s\S])*?\S)__/g, `${BOLD}$1${BOLD}`)
    .replace(/(^|[^\w*])\*(?=\S)([^*\n]*?\S)\*(?![\w*])/g, '$1_$2_')
    .replace(/~~(?=\S)((?:(?!~~)[\s\S])*?\S)~~/g, '~$1~')
    .replaceAll(BOLD, '*');
  return text.replace(new RegExp(`${HOLE}(\\d+)${HOLE}`, 'g'), (_m, index: string) => held[Number(index)] ?? '');
}

/** Slack's three control characters; everything else is literal in mrkdwn. */
export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A URL made safe inside Slack's `<url|label>` link syntax. */
export function escapeUrl(url: string): string {
  return url.replace(/&/g, '&amp;').replace(/</g, '%3C').replace(/>/g, '%3E').replace(/\|/g, '%7C');
}

function isLinkable(url: string): boolean {
  return /^(https?:|mailto:)/i.test(url);
}

/** A heading's text without its optional closing run of `#` (which must follow a space) and spaces. */
function headingText(rest: string): string {
  const text = rest.trimEnd();
  let end = text.length;
  while (end > 0 && text[end - 1] === '#') end -= 1;
  if (end === text.length) return text;
  if (end === 0) return '';
  return /\s/.test(text[end - 1] ?? '') ? text.slice(0, end).trimEnd() : text;
}

/** Markdown emphasis markers dropped (used where the whole span is already bold, or in link labels). */
function stripInline(text: string): string {
  return text.replace(/\*\*|__/g, '');
}
