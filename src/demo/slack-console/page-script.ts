// The console page's browser script, as plain JavaScript text: polls the feed, draws the
// conversation with threads, reactions and Block Kit, and posts sends and clicks to the backend.
import { PAGE_MRKDWN } from './page-mrkdwn.js';

export const PAGE_SCRIPT = String.raw`
'use strict';
${PAGE_MRKDWN}
const config = JSON.parse(document.getElementById('console-config').textContent);
const $ = (id) => document.getElementById(id);
const messages = new Map();
let cursor = 0;
let view = 'dm';
let replyTo = null;
let me = localStorage.getItem('console.person');
if (!config.people.some((p) => p.slackUserId === me)) me = config.people[0] ? config.people[0].slackUserId : '';

const EMOJI = { eyes: '\u{1F440}', white_check_mark: '\u2705', x: '\u274C', hourglass_flowing_sand: '\u23F3', warning: '\u26A0\uFE0F', lock: '\u{1F512}' };
const personOf = (id) => config.people.find((p) => p.slackUserId === id);
const nameOf = (id) => (id === config.botUserId ? 'Helpdesk' : personOf(id) ? personOf(id).name : id);
const channelId = () => (view === 'dm' ? 'D' + me : config.itHelpChannelId);

function el(tag, className, html) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (html !== undefined) node.innerHTML = html;
  return node;
}

const textHtml = (t) => (!t ? '' : t.type === 'mrkdwn' ? mrkdwn(t.text) : esc(t.text));

function button(message, block, element) {
  const b = el('button', 'bk-btn' + (element.style ? ' ' + element.style : ''));
  b.type = 'button';
  b.textContent = element.text ? element.text.text : element.action_id;
  b.dataset.actionId = element.action_id;
  b.addEventListener('click', () => click(b, message, block, element));
  return b;
}

function renderBlock(message, block) {
  if (block.type === 'section') {
    const node = el('div', 'bk-section', textHtml(block.text));
    if (block.fields) {
      const grid = el('div', 'bk-fields');
      for (const f of block.fields) grid.appendChild(el('div', '', textHtml(f)));
      node.appendChild(grid);
    }
    if (block.accessory && block.accessory.type === 'button') node.appendChild(button(message, block, block.accessory));
    return node;
  }
  if (block.type === 'context') return el('div', 'bk-context', (block.elements || []).map((e) => (e.type === 'image' ? esc(e.alt_text || '') : textHtml(e))).join(' '));
  if (block.type === 'actions') {
    const row = el('div', 'bk-actions');
    for (const e of block.elements || []) if (e.type === 'button') row.appendChild(button(message, block, e));
    return row;
  }
  if (block.type === 'header') return el('div', 'bk-header', textHtml(block.text));
  if (block.type === 'divider') return el('hr');
  return el('div', 'bk-context', '[' + esc(block.type) + ' block]');
}

function renderMessage(m, inThread) {
  const node = el('div', 'msg');
  node.dataset.ts = m.ts;
  node.dataset.user = m.user;
  const time = new Date(Number(m.ts) * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  node.appendChild(el('div', 'meta', '<span class="author">' + esc(nameOf(m.user)) + '</span>' + (m.fromBot ? '<span class="app">APP</span>' : '') + esc(time)));
  const body = el('div', 'body');
  if (m.blocks && m.blocks.length) for (const b of m.blocks) body.appendChild(renderBlock(m, b));
  else body.innerHTML = mrkdwn(m.text);
  node.appendChild(body);
  if (m.ephemeralFor) node.appendChild(el('div', 'ephemeral', 'Only visible to you'));
  if (m.reactions.length) {
    const row = el('div', 'reactions');
    for (const r of m.reactions) {
      const chip = el('span', 'reaction');
      chip.dataset.name = r.name;
      chip.textContent = (EMOJI[r.name] || ':' + r.name + ':') + ' ' + r.users.length;
      chip.title = ':' + r.name + ':';
      row.appendChild(chip);
    }
    node.appendChild(row);
  }
  if (!inThread) {
    const reply = el('button', 'reply');
    reply.type = 'button';
    reply.textContent = 'Reply in thread';
    reply.addEventListener('click', () => { replyTo = m.ts; render(); $('message').focus(); });
    node.appendChild(reply);
  }
  return node;
}

function render() {
  const box = $('conversation');
  const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 40;
  const channel = channelId();
  const visible = [...messages.values()]
    .filter((m) => m.channel === channel && !m.deleted && (!m.ephemeralFor || m.ephemeralFor === me))
    .sort((a, b) => Number(a.ts) - Number(b.ts));
  box.replaceChildren();
  for (const m of visible.filter((v) => !v.threadTs || v.threadTs === v.ts)) {
    box.appendChild(renderMessage(m, false));
    const replies = visible.filter((v) => v.threadTs === m.ts && v.ts !== m.ts);
    if (replies.length) {
      const thread = el('div', 'thread');
      thread.dataset.threadTs = m.ts;
      for (const r of replies) thread.appendChild(renderMessage(r, true));
      box.appendChild(thread);
    }
  }
  if (!visible.length) box.appendChild(el('div', 'empty', view === 'dm' ? 'Say hello to Helpdesk.' : 'Mention @Helpdesk to ask for help in #it-help.'));
  if (atBottom) box.scrollTop = box.scrollHeight;
  $('title').textContent = view === 'dm' ? 'Helpdesk (direct message)' : '# it-help';
  $('nav-dm').classList.toggle('active', view === 'dm');
  $('nav-it-help').classList.toggle('active', view === 'it-help');
  $('mention').hidden = view !== 'it-help';
  const parent = replyTo && messages.get(channel + '|' + replyTo);
  $('thread-bar').classList.toggle('shown', Boolean(parent));
  $('thread-label').textContent = parent ? 'Replying in thread to ' + nameOf(parent.user) + ': ' + unslack(parent.text).slice(0, 60) : '';
  const who = personOf(me);
  $('who').textContent = who ? [who.title, who.email].filter(Boolean).join(' \u00B7 ') : '';
}

function banner(text, kind) {
  const b = $('banner');
  b.textContent = text || '';
  b.className = text ? 'shown' + (kind === 'info' ? ' info' : '') : '';
}

async function post(path, body) {
  try {
    const response = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) banner('Error: ' + (answer.error || 'HTTP ' + response.status), 'error');
    return response.ok ? answer : null;
  } catch (error) {
    banner('Error: the console backend did not answer (' + error.message + ')', 'error');
    return null;
  }
}

async function click(b, message, block, element) {
  b.disabled = true;
  banner('');
  await post('/console/click', { personId: me, channel: message.channel, messageTs: message.ts, actionId: element.action_id, value: element.value, blockId: block.block_id });
  b.disabled = false;
}

/** The acting person's "phone": Okta Verify pushes from the demo org, answered by a number pick or a denial. */
let phoneKey = null;
async function pollPhone() {
  if (config.phone) {
    try {
      const response = await fetch('/console/phone?personId=' + encodeURIComponent(me));
      const { pushes } = await response.json();
      drawPhone(pushes || []);
    } catch (error) {
      // The conversation's poll reports an unreachable backend.
    }
  }
  setTimeout(pollPhone, 800);
}

function drawPhone(pushes) {
  const push = pushes[0];
  const key = push ? me + '|' + push.transactionId : '';
  if (key === phoneKey) return;
  phoneKey = key;
  const phone = $('phone');
  phone.hidden = !push;
  phone.replaceChildren();
  if (!push) return;
  phone.appendChild(el('h3', '', '\u{1F4F1} Okta Verify'));
  phone.appendChild(el('p', '', 'Are you trying to act on your account? Tap the number you were sent, on ' + esc(push.device) + '.'));
  const picks = el('div', 'phone-picks');
  for (const number of push.choices) {
    const b = el('button', 'phone-pick');
    b.type = 'button';
    b.textContent = String(number);
    b.addEventListener('click', () => answerPhone(push, { pick: number }));
    picks.appendChild(b);
  }
  phone.appendChild(picks);
  const deny = el('button', 'phone-deny');
  deny.type = 'button';
  deny.textContent = 'No, it\u2019s not me';
  deny.addEventListener('click', () => answerPhone(push, { deny: true }));
  phone.appendChild(deny);
}

async function answerPhone(push, answer) {
  for (const b of $('phone').querySelectorAll('button')) b.disabled = true;
  await post('/console/phone/answer', Object.assign({ personId: me, transactionId: push.transactionId }, answer));
  phoneKey = null;
}

async function poll() {
  try {
    const response = await fetch('/console/feed?since=' + cursor);
    const feed = await response.json();
    for (const m of feed.messages) messages.set(m.channel + '|' + m.ts, m);
    if (feed.messages.length) render();
    cursor = feed.cursor;
  } catch (error) {
    banner('Error: the console backend did not answer (' + error.message + ')', 'error');
  }
  setTimeout(poll, 400);
}

$('composer').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = $('message');
  if (!input.value.trim()) return;
  banner('');
  const answer = await post('/console/send', { personId: me, channel: view, text: input.value, threadTs: replyTo || undefined });
  input.value = '';
  if (answer && answer.delivered === false) banner('Helpdesk only sees #it-help messages that mention @Helpdesk.', 'info');
});
$('message').addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey) { event.preventDefault(); $('composer').requestSubmit(); }
});
$('mention').addEventListener('click', () => {
  const input = $('message');
  if (!/@helpdesk\b/i.test(input.value)) input.value = '@Helpdesk ' + input.value;
  input.focus();
});
$('thread-cancel').addEventListener('click', () => { replyTo = null; render(); });
for (const nav of document.querySelectorAll('nav button')) nav.addEventListener('click', () => { view = nav.dataset.view; replyTo = null; banner(''); render(); });
const select = $('person');
for (const p of config.people) select.appendChild(new Option(p.name + (p.title ? ' \u2014 ' + p.title : ''), p.slackUserId));
select.value = me;
select.addEventListener('change', () => { me = select.value; localStorage.setItem('console.person', me); replyTo = null; render(); });
render();
poll();
pollPhone();
`;
