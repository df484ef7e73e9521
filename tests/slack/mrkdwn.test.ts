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
