// The sources line under a thread reply: the presented answer ends with the Okta calls it came
// from, readable and escaped, collapsed past a few, within Slack's limits, and absent when no Okta
// call was made.
import { describe, expect, it } from 'vitest';
import type { OktaCall } from '../../src/okta/index.js';
import { replyMessages } from '../../src/slack/cards.js';
import { SLACK_LIMITS } from '../../src/slack/message-limits.js';
import { createAnswerPresenter } from '../../src/slack/present-answer.js';
import { SOURCES_SHOWN, sourcesText, withSources } from '../../src/slack/sources.js';
import { pendingAction } from '../helpers/desk.js';
import { createRecordingLogger, textAnswer } from '../helpers/slack.js';

const call = (overrides: Partial<OktaCall> = {}): OktaCall => ({
  method: 'GET',
  path: '/api/v1/users/00ualex0000000000001/groups',
  at: '2026-12-06T09:14:03.512Z',
  status: 200,
  requestId: 'b4e43ee7b63b7605475302174f725257',
  ...overrides,
});

const present = createAnswerPresenter({
  pending: { get: async () => undefined },
  delivery: {
    resetLink: async () => ({ delivered: true }),
    ownerNotice: async () => undefined,
    approvalRequest: async () => ({ reached: 1 }),
  } as unknown as Parameters<typeof createAnswerPresenter>[0]['delivery'],
  logger: createRecordingLogger(),
});

describe('the presented reply', () => {
  it('ends with a context line listing each Okta call: method and path, status, request id, time', async () => {
    const calls = [call({ path: '/api/v1/users?search=profile.email%20eq%20%22alex%40acme.example%22&limit=10', requestId: 'req-search' }), call()];

    const { messages } = await present(textAnswer('Alex Kim is in 2 Okta groups: Everyone, Engineering.', { oktaCalls: calls }), 'Ev1');

    expect(messages).toEqual([
      {
        text: 'Alex Kim is in 2 Okta groups: Everyone, Engineering.',
        blocks: [
          { type: 'section', text: { type: 'mrkdwn', text: 'Alex Kim is in 2 Okta groups: Everyone, Engineering.' } },
          {
            type: 'context',
            elements: [
              {
                type: 'mrkdwn',
                text: [
                  '*Sources (Okta):*',
                  '`GET /api/v1/users?search=profile.email eq "alex@acme.example"&amp;limit=10` · 200 · req `req-search` · 09:14:03 UTC',
                  '`GET /api/v1/users/00ualex0000000000001/groups` · 200 · req `b4e43ee7b63b7605475302174f725257` · 09:14:03 UTC',
                ].join('\n'),
              },
            ],
          },
        ],
      },
    ]);
  });

  it.each([
    ['no Okta call', []],
    ['no record of calls', undefined],
  ])('is the plain text when the answer made %s', async (_case, oktaCalls) => {
    const { messages } = await present(textAnswer('Hello! How can I help?', { oktaCalls }), 'Ev2');
    expect(messages).toEqual([{ text: 'Hello! How can I help?' }]);
  });
});

describe('sourcesText', () => {
  it('says when Okta gave no answer, and leaves out a missing request id', () => {
    expect(sourcesText([call({ method: 'POST', path: '/api/v1/users/00u1/lifecycle/suspend', status: null, requestId: null })])).toBe(
      '*Sources (Okta):*\n`POST /api/v1/users/00u1/lifecycle/suspend` · no answer · 09:14:03 UTC',
    );
  });

  it(`lists the last ${SOURCES_SHOWN} calls and counts the earlier ones`, () => {
    const calls = Array.from({ length: SOURCES_SHOWN + 3 }, (_, i) => call({ path: `/api/v1/users/u${i}`, requestId: `req-${i}` }));

    const lines = sourcesText(calls)?.split('\n') ?? [];

    expect(lines[1]).toBe('3 earlier Okta calls (all are in the audit log), then:');
    expect(lines.slice(2).map((line) => /req `([^`]+)`/.exec(line)?.[1])).toEqual(calls.slice(3).map((c) => c.requestId));
  });

  it('cannot be broken out of its code span or into Slack markup by what a path holds', () => {
    const text = sourcesText([call({ path: `/api/v1/users?q=${encodeURIComponent('`<!channel> & *x*`')}` })]) ?? '';
    expect(text).toContain('`GET /api/v1/users?q=\'&lt;!channel&gt; &amp; *x*\'`');
    expect(text).not.toContain('<!channel>');
  });

  it('cuts a very long path with "…"', () => {
    const text = sourcesText([call({ path: `/api/v1/logs?filter=${'x'.repeat(500)}` })]) ?? '';
    expect(text.split('\n')[1]).toMatch(/^`GET \/api\/v1\/logs\?filter=x+…` · 200/);
    expect(text.length).toBeLessThan(300);
  });
});

describe('withSources', () => {
  it('adds the line to the last message only, keeping every message within 50 blocks even with the most cards', () => {
    const confirmations = Array.from({ length: 30 }, (_, i) => pendingAction({ id: `pa_card${i}` }));
    const plain = replyMessages('Thirty accounts to lock.', confirmations);
    const messages = withSources(plain, [call()]);

    expect(plain[0]?.blocks).toHaveLength(SLACK_LIMITS.blocks - 1);
    expect(messages.slice(0, -1)).toEqual(plain.slice(0, -1));
    expect(messages.at(-1)?.blocks).toEqual([...(plain.at(-1)?.blocks ?? []), expect.objectContaining({ type: 'context' })]);
    for (const message of messages) expect(message.blocks?.length ?? 0).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
  });

  it('fills a full card message to exactly Slack\'s 50 blocks and no further', () => {
    const confirmations = Array.from({ length: 24 }, (_, i) => pendingAction({ id: `pa_card${i}` }));
    const [message] = withSources(replyMessages('Twenty-four accounts to lock.', confirmations), [call()]);
    expect(message?.blocks).toHaveLength(SLACK_LIMITS.blocks);
  });
});
