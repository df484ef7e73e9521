// Browser-side Slack mrkdwn to HTML for the console page, as plain JavaScript text: *bold*,
// _italic_, ~strike~, `code`, <url|text> links and <@U..> mentions; everything else is escaped.
// Uses nameOf(userId), which the page script defines.

export const PAGE_MRKDWN = String.raw`
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const unslack = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

function linkHtml(inner) {
  const bar = inner.indexOf('|');
  const target = bar < 0 ? inner : inner.slice(0, bar);
  const label = bar < 0 ? '' : inner.slice(bar + 1);
  if (target.startsWith('@')) return '<span class="mention">@' + esc(nameOf(target.slice(1))) + '</span>';
  if (target.startsWith('#')) return '<span class="mention">#' + esc(unslack(label || target.slice(1))) + '</span>';
  if (target.startsWith('!')) return '<span class="mention">@' + esc(target.slice(1).split('^')[0]) + '</span>';
  const url = unslack(target);
  if (!/^(https?:|mailto:)/i.test(url)) return esc(unslack('<' + inner + '>'));
  return '<a href="' + esc(url) + '" target="_blank" rel="noopener noreferrer">' + esc(unslack(label || url)) + '</a>';
}

/** Slack mrkdwn to HTML: tokens and code are set aside, everything else escaped, then styled. */
function mrkdwn(text) {
  const held = [];
  const hold = (html) => '\u0000' + (held.push(html) - 1) + '\u0000';
  let s = String(text).replace(/\u0000/g, '');
  s = s.replace(/${'```'}([\s\S]*?)${'```'}/g, (_, code) => hold('<pre>' + esc(unslack(code)) + '</pre>'));
  s = s.replace(/${'`'}([^${'`'}\n]+)${'`'}/g, (_, code) => hold('<code>' + esc(unslack(code)) + '</code>'));
  s = s.replace(/<([^<>\n]+)>/g, (_, inner) => hold(linkHtml(inner)));
  s = esc(unslack(s))
    .replace(/(^|[^\w*])\*([^*\n]+)\*(?!\w)/g, '$1<b>$2</b>')
    .replace(/(^|[^\w_])_([^_\n]+)_(?!\w)/g, '$1<i>$2</i>')
    .replace(/(^|[^\w~])~([^~\n]+)~(?!\w)/g, '$1<s>$2</s>')
    .replace(/\n/g, '<br>');
  return s.replace(/\u0000(\d+)\u0000/g, (_, i) => held[Number(i)]);
}
`;
