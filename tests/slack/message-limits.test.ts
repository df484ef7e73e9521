// Slack's per-message limits: mrkdwn cut into pieces without breaking its syntax, and a reply
// (long answer, many confirmation cards) spread over thread messages that each fit.
import { describe, expect, it } from 'vitest';
import { MAX_ANSWER_MESSAGES, replyMessages, TOO_LONG_NOTE, type ReplyMessage } from '../../src/slack/cards.js';
import { fitMrkdwn, SLACK_LIMITS, splitMrkdwn } from '../../src/slack/message-limits.js';
import { markdownToMrkdwn } from '../../src/slack/mrkdwn.js';
import { pendingAction } from '../helpers/desk.js';

/** What Slack checks on chat.postMessage, plus our own rule that no text exceeds 3,000 characters. */
function expectWithinSlackLimits(message: ReplyMessage): void {
  expect(message.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
  expect(message.text.trim()).not.toBe('');
  const blocks = message.blocks ?? [];
  expect(blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
  for (const block of blocks) {
    const text = (block as { text?: { text?: string } }).text?.text ?? '';
    expect(text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
  }
}

const paragraphs = (count: number) => Array.from({ length: count }, (_, i) => `Paragraph ${i + 1}: ${'word '.repeat(60).trim()}.`);

describe('splitMrkdwn', () => {
  it('leaves a text that fits as one piece', () => {
    expect(splitMrkdwn('*Done.* Jane is unlocked.')).toEqual(['*Done.* Jane is unlocked.']);
  });

  it('cuts a long answer at paragraph ends, in order, losing nothing', () => {
    const text = paragraphs(80).join('\n\n');
    const pieces = splitMrkdwn(text);
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(3000);
    expect(pieces.join('\n\n')).toBe(text);
  });

  it('hard-cuts a text without any break, losing nothing', () => {
    const text = 'x'.repeat(7000);
    const pieces = splitMrkdwn(text);
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(3000);
    expect(pieces.join('')).toBe(text);
  });

  it('never cuts inside a link, a mention or an &amp; entity', () => {
    const text = markdownToMrkdwn(Array.from({ length: 400 }, (_, i) => `R&D[doc ${i}](https://intranet.acme.example/docs/${i}?a=1&b=2) <@U0X${i}>`).join(''));
    const pieces = splitMrkdwn(text, 500);
    expect(pieces.length).toBeGreaterThan(10);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(500);
      expect(countOf(piece, '<')).toBe(countOf(piece, '>'));
      expect(piece).not.toMatch(/&[a-z]*$/);
      expect(piece).not.toMatch(/^[a-z]*;/);
    }
    // Pieces break at spaces, which are dropped; every other character is kept, in order.
    expect(pieces.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
  });

  it('closes a code block at the end of a piece and reopens it in the next', () => {
    const code = Array.from({ length: 300 }, (_, i) => `okta-cli users list --page ${i}`).join('\n');
    const pieces = splitMrkdwn(`Run these:\n\`\`\`\n${code}\n\`\`\`\nThen tell me.`);
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(3000);
      expect(countOf(piece, '```') % 2).toBe(0);
    }
    expect(pieces[1]?.startsWith('```\n')).toBe(true);
  });

  it('never splits an emoji between two pieces', () => {
    const pieces = splitMrkdwn('😀'.repeat(4000));
    for (const piece of pieces) expect(piece).not.toMatch(/[\uD800-\uDBFF]$/);
    expect(pieces.join('')).toBe('😀'.repeat(4000));
  });

  it('fitMrkdwn cuts with an ellipsis only when it must', () => {
    expect(fitMrkdwn('short')).toBe('short');
    const fitted = fitMrkdwn(`${'a '.repeat(2000)}end`);
    expect(fitted.length).toBeLessThanOrEqual(3000);
    expect(fitted.endsWith('…')).toBe(true);
  });
});

describe('replyMessages', () => {
  it('posts a short answer as one plain message', () => {
    expect(replyMessages('All set.', [])).toEqual([{ text: 'All set.' }]);
  });

  it('splits a long answer into several thread messages, in order, each within Slack limits', () => {
    const text = paragraphs(40).join('\n\n');
    const messages = replyMessages(text, []);
    expect(messages.length).toBeGreaterThan(1);
    expect(messages.length).toBeLessThanOrEqual(MAX_ANSWER_MESSAGES);
    messages.forEach(expectWithinSlackLimits);
    expect(messages.map((m) => m.text).join('\n\n')).toBe(text);
  });

  it(`cuts a very long answer after ${MAX_ANSWER_MESSAGES} messages and says so`, () => {
    const messages = replyMessages(paragraphs(1000).join('\n\n'), []);
    expect(messages).toHaveLength(MAX_ANSWER_MESSAGES);
    messages.forEach(expectWithinSlackLimits);
    expect(messages.at(-1)?.text.endsWith(`\n\n${TOO_LONG_NOTE}`)).toBe(true);
    expect(messages[0]?.text.startsWith('Paragraph 1:')).toBe(true);
  });

  it('spreads confirmations that would need more than 50 blocks over several card messages, each card once', () => {
    const confirmations = Array.from({ length: 30 }, (_, i) => pendingAction({ id: `pa_card${i}` }));
    const messages = replyMessages('Thirty accounts to lock.', confirmations);
    messages.forEach(expectWithinSlackLimits);
    expect(messages.map((m) => m.blocks?.length)).toEqual([49, 13]);
    expect(messages[0]?.text).toBe('Thirty accounts to lock.');
    expect(messages[1]?.text).toBe('More to confirm (2 of 2).');
    expect(messages.flatMap((m) => m.confirmationIds ?? [])).toEqual(confirmations.map((p) => p.id));
    const buttons = JSON.stringify(messages.map((m) => m.blocks)).match(/"value":"pa_card\d+"/g) ?? [];
    expect(buttons).toHaveLength(60);
  });

  it('puts the cards under the last piece of a long answer', () => {
    const text = paragraphs(40).join('\n\n');
    const messages = replyMessages(text, [pendingAction({ id: 'pa_one' })]);
    messages.forEach(expectWithinSlackLimits);
    expect(messages.slice(0, -1).every((m) => m.blocks === undefined)).toBe(true);
    const last = messages.at(-1) ?? { text: '' };
    expect(last.confirmationIds).toEqual(['pa_one']);
    expect(last.blocks?.[0]).toMatchObject({ type: 'section', text: { text: last.text } });
    expect(last.text.endsWith('Paragraph 40: ' + 'word '.repeat(60).trim() + '.')).toBe(true);
  });
});

function countOf(text: string, part: string): number {
  return text.split(part).length - 1;
}
