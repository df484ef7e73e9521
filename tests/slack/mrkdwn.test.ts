// Markdown from the model -> Slack mrkdwn.
import { describe, expect, it } from 'vitest';
import { markdownToMrkdwn } from '../../src/slack/mrkdwn.js';

describe('markdownToMrkdwn', () => {
  it.each([
    ['**bold**', '*bold*'],
    ['__bold__', '*bold*'],
    ['*italic* and _italic_', '_italic_ and _italic_'],
    ['~~gone~~', '~gone~'],
    ['[Okta](https://acme.okta.com/app?a=1&b=2)', '<https://acme.okta.com/app?a=1&amp;b=2|Okta>'],
    ['[a <b> & c](https://x.test)', '<https://x.test|a &lt;b&gt; &amp; c>'],
    ['<https://x.test/a>', '<https://x.test/a>'],
    ['[not a link](javascript:alert(1))', '[not a link](javascript:alert(1))'],
    ['# Title', '*Title*'],
    ['## Title ##  ', '*Title*'],
    ['# C#', '*C#*'],
    ['# #', '**'],
    ['**a **b**', '**a *b*'],
    ['[see [1]](https://x.test)', '[see [1]](https://x.test)'],
    ['### **Your account**', '*Your account*'],
    ['- one\n- two\n  - nested', '• one\n• two\n  • nested'],
    ['* star bullet', '• star bullet'],
    ['1. first\n2. second', '1. first\n2. second'],
    ['a < b & c > d', 'a &lt; b &amp; c &gt; d'],
    ['use `**not bold** <tag>`', 'use `**not bold** &lt;tag&gt;`'],
    ['```ts\nconst a = **b** < c;\n```', '```\nconst a = **b** &lt; c;\n```'],
    ['2 * 3 * 4', '2 * 3 * 4'],
    ['snake_case_name', 'snake_case_name'],
    ['forged \u00000\u0000 marker', 'forged 0 marker'],
    ['Status: **LOCKED_OUT**. Say *yes* to unlock.', 'Status: *LOCKED_OUT*. Say _yes_ to unlock.'],
  ])('%j -> %j', (input, output) => {
    expect(markdownToMrkdwn(input)).toBe(output);
  });
});

// Inputs that made the old patterns rescan the rest of the text from every opener (quadratic, and
// cubic for a heading's trailing spaces): each took from seconds to hours at this size. The
// per-test timeout is only a hang guard; no duration is asserted.
describe('markdownToMrkdwn on 320k characters of adversarial input', () => {
  const SIZE = 320_000;
  const repeat = (unit: string) => unit.repeat(SIZE / unit.length);
  it.each([
    ['unclosed **', repeat('**a '), repeat('**a ')],
    ['unclosed __', repeat('__a '), repeat('__a ')],
    ['unclosed ~~', repeat('~~a '), repeat('~~a ')],
    ['unclosed *', repeat('*a '), repeat('*a ')],
    ['many [', repeat('['), repeat('[')],
    ['many [a', repeat('[a'), repeat('[a')],
    ['many [a](', repeat('[a]('), repeat('[a](')],
    ['many backticks', repeat('`a'), repeat('`a')],
    ['a heading with a long run of spaces', `# a${' '.repeat(SIZE)}x`, `*a${' '.repeat(SIZE)}x*`],
    ['a bold span around long text', `**a${repeat(' b')}**`, `*a${repeat(' b')}*`],
  ])('converts %s in linear time and correctly', (_name, input, expected) => {
    expect(markdownToMrkdwn(input)).toBe(expected);
  });
});
