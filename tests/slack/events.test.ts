// Classification of every real event payload in tests/fixtures/slack/events, plus text clean-up.
import { describe, expect, it } from 'vitest';
import { classifyEnvelope, parseEventBody, unwrapSlackMarkup } from '../../src/slack/events.js';
import { IDS, dmEvent, eventFixture, eventFixtureNames, mentionEvent } from '../helpers/slack.js';

type Expected =
  | { kind: 'handled'; text: string; channelId: string; threadTs: string; userId: string; origin: 'app_mention' | 'im' }
  | { kind: 'ignored'; reason: string }
  | { kind: 'url_verification' };

const EXPECTED: Record<string, Expected> = {
  'app_mention.authorizations.python-sdk.json': { kind: 'handled', text: '', channelId: 'C111', threadTs: '1610241741.000200', userId: 'U222', origin: 'app_mention' },
  'app_mention.docs.json': { kind: 'handled', text: 'is it everything a river should be?', channelId: 'C123ABC456', threadTs: '1515449522.000016', userId: 'U061F7AUR', origin: 'app_mention' },
  'app_mention.rich_text.java-sdk.json': { kind: 'handled', text: 'test', channelId: 'C123', threadTs: '1583636399.000700', userId: 'U234', origin: 'app_mention' },
  'assistant_thread_started.bolt-python.json': { kind: 'ignored', reason: 'assistant_thread_started' },
  'assistant_thread_started.docs.json': { kind: 'ignored', reason: 'assistant_thread_started' },
  'message_bot_message.docs.json': { kind: 'ignored', reason: 'bot_message' },
  'message_bot_message.real.json': { kind: 'ignored', reason: 'bot_message' },
  'message_bot_message_classic.bolt-python.json': { kind: 'ignored', reason: 'bot_message' },
  'message_changed.docs.json': { kind: 'ignored', reason: 'subtype:message_changed' },
  'message_deleted.docs.json': { kind: 'ignored', reason: 'subtype:message_deleted' },
  'message_deleted.real.json': { kind: 'ignored', reason: 'subtype:message_deleted' },
  // A person's text with a file, but in a channel without a mention: not addressed to the bot.
  'message_file_share_channel.bolt-python.json': { kind: 'ignored', reason: 'channel_message_without_mention' },
  'message_from_other_app_bot.bolt-python.json': { kind: 'ignored', reason: 'bot_message' },
  'message_im.docs.json': { kind: 'handled', text: 'Hello hello can you hear me?', channelId: 'D024BE91L', threadTs: '1355517523.000005', userId: 'U2147483697', origin: 'im' },
  'message_im.real.json': { kind: 'handled', text: 'test', channelId: 'D0442US94JD', threadTs: '1664408649.009629', userId: 'U043H11ES4V', origin: 'im' },
  'message_replied.docs.json': { kind: 'ignored', reason: 'subtype:message_replied' },
  'message_thread_reply_channel.bolt-python.json': { kind: 'ignored', reason: 'channel_message_without_mention' },
  'message_thread_reply_im.bolt-python.json': { kind: 'handled', text: 'When Slack was released?', channelId: 'D111', threadTs: '1726133698.626339', userId: 'W222', origin: 'im' },
  'url_verification.docs.json': { kind: 'url_verification' },
};

describe('classifyEnvelope on the fixture payloads', () => {
  it('has an expectation for every fixture file', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(eventFixtureNames());
  });

  it.each(eventFixtureNames())('%s', (name) => {
    const body = eventFixture(name).body;
    expect(classifyEnvelope(body)).toMatchObject(expectedFor(name, body));
  });
});

/** The classification a fixture must get, in the shape classifyEnvelope returns. */
function expectedFor(name: string, body: Record<string, unknown>): object {
  const expected = EXPECTED[name];
  if (expected?.kind === 'handled') {
    const { kind, ...work } = expected;
    return { kind, work: { ...work, eventId: body.event_id } };
  }
  if (expected?.kind === 'url_verification') return { kind: 'url_verification', challenge: body.challenge };
  return expected ?? { kind: 'no expectation' };
}

describe('classifyEnvelope rules', () => {
  it("ignores the app's own messages (app_id of this app, or the known bot user)", () => {
    const own = dmEvent({ extra: { bot_id: 'B0SELF', app_id: IDS.app } });
    expect(classifyEnvelope(own)).toEqual({ kind: 'ignored', reason: 'own_message' });
    expect(classifyEnvelope(dmEvent({ user: IDS.bot }), { botUserId: IDS.bot })).toEqual({ kind: 'ignored', reason: 'own_message' });
  });

  it('ignores a bot that mentions the app (no bot-to-bot loops)', () => {
    expect(classifyEnvelope(mentionEvent({ extra: { bot_id: 'B0OTHER' } }))).toEqual({ kind: 'ignored', reason: 'bot_message' });
  });

  it('answers a mention inside a channel thread in that thread', () => {
    const result = classifyEnvelope(mentionEvent({ ts: '1700000002.000200', threadTs: '1700000001.000100' }));
    expect(result).toMatchObject({ kind: 'handled', work: { ts: '1700000002.000200', threadTs: '1700000001.000100' } });
  });

  it("removes only the bot's mention and keeps a colleague's", () => {
    const result = classifyEnvelope(mentionEvent({ text: `<@U0JANE01> is locked out, <@${IDS.bot}> please help` }));
    expect(result).toMatchObject({ kind: 'handled', work: { text: '<@U0JANE01> is locked out, please help' } });
  });

  it('treats the first mention as the bot when the envelope does not name the bot', () => {
    const body = mentionEvent({ text: '<@U0BOT0001|helpdesk> reset my MFA' });
    body.authorizations = [];
    expect(classifyEnvelope(body)).toMatchObject({ kind: 'handled', work: { text: 'reset my MFA' } });
  });

  /** The real file_share payload (text plus a PNG), moved into a DM or turned into a mention. */
  function fileShare(as: 'im' | 'app_mention'): Record<string, unknown> {
    const body = structuredClone(eventFixture('message_file_share_channel.bolt-python.json').body);
    const event = body.event as Record<string, unknown>;
    if (as === 'im') Object.assign(event, { channel: 'D111', channel_type: 'im' });
    else Object.assign(event, { type: 'app_mention', text: `<@W111> ${String(event.text)}` });
    return body;
  }

  /** The real channel thread reply, sent to the channel too ("Also send to #channel"). */
  function threadBroadcast(mention: boolean): Record<string, unknown> {
    const body = structuredClone(eventFixture('message_thread_reply_channel.bolt-python.json').body);
    const event = body.event as Record<string, unknown>;
    event.subtype = 'thread_broadcast';
    event.root = { type: 'message', user: 'W222', text: 'My laptop will not sign in', ts: event.thread_ts, thread_ts: event.thread_ts };
    if (mention) Object.assign(event, { type: 'app_mention', text: `<@W111> ${String(event.text)}` });
    return body;
  }

  it('answers a DM with a file attached (file_share) from its text, ignoring the file', () => {
    expect(classifyEnvelope(fileShare('im'))).toMatchObject({
      kind: 'handled',
      work: { text: 'Hi there!', channelId: 'D111', userId: 'U111', ts: '1652227646.593159', threadTs: '1652227646.593159', origin: 'im' },
    });
  });

  it('answers a mention with a file attached (file_share) from its text', () => {
    expect(classifyEnvelope(fileShare('app_mention'))).toMatchObject({ kind: 'handled', work: { text: 'Hi there!', origin: 'app_mention' } });
  });

  it('answers a mention in a thread reply also sent to the channel (thread_broadcast), in that thread', () => {
    expect(classifyEnvelope(threadBroadcast(true))).toMatchObject({
      kind: 'handled',
      work: { text: 'When Slack was released?', channelId: 'C111', userId: 'W222', ts: '1726133700.887259', threadTs: '1726133698.626339', origin: 'app_mention' },
    });
  });

  it('still ignores a thread_broadcast in a channel that does not mention the bot', () => {
    expect(classifyEnvelope(threadBroadcast(false))).toEqual({ kind: 'ignored', reason: 'channel_message_without_mention' });
  });

  it.each(['channel_join', 'message_changed', 'message_deleted', 'me_message', 'channel_topic', 'tombstone'])(
    'still ignores a DM with subtype %s',
    (subtype) => {
      expect(classifyEnvelope(dmEvent({ extra: { subtype } }))).toEqual({ kind: 'ignored', reason: `subtype:${subtype}` });
    },
  );

  it('still ignores a file_share posted by a bot', () => {
    expect(classifyEnvelope(dmEvent({ extra: { subtype: 'file_share', bot_id: 'B0OTHER' } }))).toEqual({ kind: 'ignored', reason: 'bot_message' });
  });

  it.each([
    [{ type: 'app_rate_limited', team_id: 'T1', minute_rate_limited: 1 }, 'not_an_event_callback'],
    [{ type: 'event_callback', event: { type: 'message' } }, 'missing_event_id'],
    [{ type: 'event_callback', event_id: 'Ev1', event: 'nope' }, 'malformed_event'],
    [{ type: 'event_callback', event_id: 'Ev1', event: { type: 'reaction_added' } }, 'unsupported_event:reaction_added'],
    [{ type: 'event_callback', event_id: 'Ev1', team_id: 'T1', event: { type: 'message', channel_type: 'im', channel: 'D1', ts: '1.2', text: 'hi' } }, 'malformed_event'],
  ])('ignores %j as %s', (body, reason) => {
    expect(classifyEnvelope(body)).toEqual({ kind: 'ignored', reason });
  });

  it('parses only JSON objects', () => {
    expect(parseEventBody('{"a":1}')).toEqual({ a: 1 });
    expect(parseEventBody('[1]')).toBeUndefined();
    expect(parseEventBody('token=abc')).toBeUndefined();
  });
});

describe('unwrapSlackMarkup', () => {
  it.each([
    ['add <mailto:jane@acme.com|jane@acme.com> to Engineering', 'add jane@acme.com to Engineering'],
    ['see <https://acme.okta.com|acme.okta.com>', 'see https://acme.okta.com'],
    ['see <https://acme.com/x|the docs>', 'see the docs (https://acme.com/x)'],
    ['ask in <#C0123ABCD|it-help>', 'ask in #it-help'],
    ['a &lt; b &amp;&amp; c &gt; d', 'a < b && c > d'],
  ])('%s -> %s', (input, output) => {
    expect(unwrapSlackMarkup(input)).toBe(output);
  });
});
