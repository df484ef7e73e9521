// Converts the Markdown a model writes into Slack mrkdwn: **bold** -> *bold*, *italic* -> _italic_,
// [text](url) -> <url|text>, headings -> bold lines, "- " bullets -> "• ", and &, <, > escaped
// everywhere except inside the link syntax Slack itself reads. Pure.

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
  text = text.replace(/\[([^\]\n]+)\]\((\S+?)(?:\s+"[^"]*")?\)/g, (whole, label: string, url: string) =>
    isLinkable(url) ? hold(`<${escapeUrl(url)}|${escapeText(stripInline(label)).replace(/\|/g, '¦')}>`) : whole,
  );
  text = text.replace(/<((?:https?|mailto):[^\s<>]+)>/g, (_m, url: string) => hold(`<${escapeUrl(url)}>`));

  text = escapeText(text);
  text = text
    .split('\n')
    .map((line) => {
      const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
      if (heading) return `${BOLD}${stripInline(heading[1] ?? '')}${BOLD}`;
      return line.replace(/^(\s*)[-*+]\s+(?=\S)/, '$1• ');
    })
    .join('\n');
  text = text
    .replace(/\*\*(?=\S)([\s\S]*?\S)\*\*/g, `${BOLD}$1${BOLD}`)
    .replace(/__(?=\S)([\s\S]*?\S)__/g, `${BOLD}$1${BOLD}`)
    .replace(/(^|[^\w*])\*(?=\S)([^*\n]*?\S)\*(?![\w*])/g, '$1_$2_')
    .replace(/~~(?=\S)([\s\S]*?\S)~~/g, '~$1~')
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

/** Markdown emphasis markers dropped (used where the whole span is already bold, or in link labels). */
function stripInline(text: string): string {
  return text.replace(/\*\*|__/g, '');
}
