// Markdown from the model -> Slack mrkdwn.
import { describe, expect, it } from 'vitest';
import { markdownToMrkdwn } from '../../src/slack/mrkdwn.js';
import { adversarialMarkdown } from '../helpers/adversarial-markdown.js';

describe('markdownToMrkdwn', () => {
  it.each([
    ['**bold**', '*bold*'],
    ['__bold__', '*bold*'],
    ['*italic* and _italic_', '_italic_ and _italic_'],
    ['~~gone~~', '~gone~'],
    ['[Okta](https://acme.okta.com/app?a=1&b=2)', '<https://acme.okta.com/app?a=1&amp;b=2|Okta>'],
    ['[a <b> & c](https://x.test)', '<https://x.test|a &lt;b&gt; &amp; c>'],
    ['<https://x.test/a>', '<https://x.test/a>'],
    ['Ask the IT help desk in <#C0123ABCD>.', 'Ask the IT help desk in <#C0123ABCD>.'],
    ['<#C0123ABCD|it-help *fake*>', '<#C0123ABCD>'],
    ['<#general> and <!channel>', '&lt;#general&gt; and &lt;!channel&gt;'],
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

// The per-test timeout is only a hang guard; no duration is asserted here. `npm run bench` prints
// the time of each input at 320k and 640k characters (linear: about twice as long).
describe('markdownToMrkdwn on 320k characters of adversarial input', () => {
  it.each(adversarialMarkdown(320_000).map((c) => [c.name, c.input, c.expected]))('converts %s correctly', (_name, input, expected) => {
    expect(markdownToMrkdwn(input)).toBe(expected);
  });
});
