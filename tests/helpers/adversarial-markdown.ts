// Markdown that made the old mrkdwn patterns rescan the rest of the text from every opener
// (quadratic, and cubic for a heading's trailing spaces), with the mrkdwn each must become. Used by
// the mrkdwn tests (correctness at 320k characters) and `npm run bench` (time as the size doubles).

export type AdversarialMarkdown = { name: string; input: string; expected: string };

export function adversarialMarkdown(size: number): AdversarialMarkdown[] {
  const repeat = (unit: string) => unit.repeat(Math.floor(size / unit.length));
  const same = (name: string, text: string) => ({ name, input: text, expected: text });
  return [
    same('unclosed **', repeat('**a ')),
    same('unclosed __', repeat('__a ')),
    same('unclosed ~~', repeat('~~a ')),
    same('unclosed *', repeat('*a ')),
    same('many [', repeat('[')),
    same('many [a', repeat('[a')),
    same('many [a](', repeat('[a](')),
    same('many backticks', repeat('`a')),
    { name: 'a heading with a long run of spaces', input: `# a${' '.repeat(size)}x`, expected: `*a${' '.repeat(size)}x*` },
    { name: 'a bold span around long text', input: `**a${repeat(' b')}**`, expected: `*a${repeat(' b')}*` },
  ];
}
