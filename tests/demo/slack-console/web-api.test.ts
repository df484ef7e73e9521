// The console's fake Slack Web API: each method the product calls, with form-encoded and JSON bodies,
// refusing what Slack refuses (unknown channel, too many blocks, too-long text) with Slack's codes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PendingAction } from '../../../src/helpdesk/pending-actions.js';
import { confirmationBlocks, replyMessages } from '../../../src/slack/cards.js';
import { markdownToMrkdwn } from '../../../src/slack/mrkdwn.js';
import { createSlackApi } from '../../../src/slack/slack-api.js';
import { createRecordingLogger } from '../../helpers/slack.js';
import { NOW_MS, PEOPLE, startConsoleServer, type ConsoleServer } from './helpers.js';

let server: ConsoleServer;
beforeAll(async () => {
  server = await startConsoleServer({ now: () => NOW_MS });
});
afterAll(() => server.close());

const TOKEN = { authorization: 'Bearer xoxb-test-token' };
const [jordan] = PEOPLE;

async function callForm(method: string, args: Record<string, string>, headers: Record<string, string> = TOKEN) {
  const response = await server.request(`/console/api/${method}`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(args).toString(),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, any>;
}

async function callJson(method: string, args: unknown) {
  const response = await server.request(`/console/api/${method}`, {
    method: 'POST', headers: { ...TOKEN, 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(args),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, any>;
}

const BLOCKS = [{ type: 'section', text: { type: 'mrkdwn', text: '*Reset* your password?' } }];

describe('chat.postMessage', () => {
  it('stores a form-encoded message with its blocks parsed from the JSON string and answers like Slack', async () => {
    const answer = await callForm('chat.postMessage', { channel: 'DU0JORDAN01', text: 'Reset your password?', blocks: JSON.stringify(BLOCKS) });

    expect(answer).toMatchObject({ ok: true, channel: 'DU0JORDAN01', ts: expect.stringMatching(/^\d{10}\.\d{6}$/) });
    expect(answer.message).toMatchObject({ type: 'message', text: 'Reset your password?', user: server.slackConsole.ids.botUserId, ts: answer.ts });
    const stored = server.slackConsole.state.find('DU0JORDAN01', answer.ts);
    expect(stored).toMatchObject({ user: server.slackConsole.ids.botUserId, fromBot: true, text: 'Reset your password?' });
    expect(stored?.blocks).toEqual([{ ...BLOCKS[0], block_id: expect.any(String) }]);
  });

  it('accepts a JSON body and keeps thread_ts', async () => {
    const parent = await callJson('chat.postMessage', { channel: 'CITHELP001', text: 'parent' });
    const reply = await callJson('chat.postMessage', { channel: 'CITHELP001', text: 'reply', thread_ts: parent.ts });

    expect(reply.message.thread_ts).toBe(parent.ts);
    expect(server.slackConsole.state.find('CITHELP001', reply.ts)?.threadTs).toBe(parent.ts);
  });

  it('gives every message a unique, increasing ts even when the clock stands still', async () => {
    const first = await callJson('chat.postMessage', { channel: 'CITHELP001', text: 'one' });
    const second = await callJson('chat.postMessage', { channel: 'CITHELP001', text: 'two' });

    expect(Number(second.ts)).toBeGreaterThan(Number(first.ts));
    expect(first.ts.startsWith(`${NOW_MS / 1000}.`)).toBe(true);
  });

  it('posts to the DM when the channel is a user id', async () => {
    const answer = await callJson('chat.postMessage', { channel: jordan!.slackUserId, text: 'hi' });
    expect(answer.channel).toBe(`D${jordan!.slackUserId}`);
  });

  it.each([
    [{ text: 'no channel' }, 'channel_not_found'],
    [{ channel: 'CITHELP001' }, 'no_text'],
  ])('answers ok:false for %j', async (args, error) => {
    expect(await callJson('chat.postMessage', args)).toEqual({ ok: false, error });
  });

  const section = (length: number) => ({ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(length) } });
  const context = { type: 'context', elements: [{ type: 'mrkdwn', text: 'ctx' }] };

  it.each([
    ['an unknown channel', { channel: 'CNOSUCH001', text: 'hello' }, 'channel_not_found'],
    ['51 blocks', { channel: 'CITHELP001', text: 'many', blocks: Array.from({ length: 51 }, () => context) }, 'invalid_blocks'],
    ['a section text of 3,001 characters', { channel: 'CITHELP001', text: 'long', blocks: [section(3001)] }, 'invalid_blocks'],
    ['a context block of 11 elements', { channel: 'CITHELP001', text: 'ctx', blocks: [{ type: 'context', elements: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'x' })) }] }, 'invalid_blocks'],
    ['a context text of 3,001 characters', { channel: 'CITHELP001', text: 'ctx', blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text: 'x'.repeat(3001) }] }] }, 'invalid_blocks'],
    ['a block that is not an object', { channel: 'CITHELP001', text: 'odd', blocks: ['section'] }, 'invalid_blocks'],
    ['a text of 40,001 characters', { channel: 'CITHELP001', text: 'y'.repeat(40_001) }, 'msg_too_long'],
  ])('refuses %s as Slack does, and stores nothing', async (_name, args, error) => {
    const before = server.slackConsole.state.messages.length;
    expect(await callJson('chat.postMessage', args)).toEqual({ ok: false, error });
    expect(server.slackConsole.state.messages).toHaveLength(before);
  });

  it('accepts exactly 50 blocks, a 3,000-character section and a 40,000-character text', async () => {
    const blocks = [section(3000), ...Array.from({ length: 49 }, () => context)];
    expect(await callJson('chat.postMessage', { channel: 'CITHELP001', text: 'y'.repeat(40_000), blocks })).toMatchObject({ ok: true });
  });

  it('refuses the same way through the real @slack/web-api client', async () => {
    await expect(server.webClient().chat.postMessage({ channel: 'CITHELP001', text: 'long', blocks: [section(3001)] as never })).rejects.toMatchObject({
      data: { ok: false, error: 'invalid_blocks' },
    });
  });

  it('works with the real @slack/web-api client, which sends form bodies', async () => {
    const answer = await server.webClient().chat.postMessage({ channel: 'CITHELP001', text: 'via WebClient', blocks: BLOCKS });
    expect(answer.ok).toBe(true);
    expect(server.slackConsole.state.find('CITHELP001', answer.ts!)?.blocks).toHaveLength(1);
  });
});

describe('chat.update', () => {
  it('replaces the text and blocks of the message at channel + ts', async () => {
    const posted = await callJson('chat.postMessage', { channel: 'CITHELP001', text: 'before', blocks: BLOCKS });
    const answer = await callForm('chat.update', { channel: 'CITHELP001', ts: posted.ts, text: 'after', blocks: '[]' });

    expect(answer).toMatchObject({ ok: true, channel: 'CITHELP001', ts: posted.ts, text: 'after' });
    expect(server.slackConsole.state.find('CITHELP001', posted.ts)).toMatchObject({ text: 'after', blocks: [] });
  });

  it('refuses an unknown channel, too many blocks and a too-long section like chat.postMessage', async () => {
    const posted = await callJson('chat.postMessage', { channel: 'CITHELP001', text: 'before' });
    const tooLong = [{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } }];
    expect(await callJson('chat.update', { channel: 'CNOSUCH001', ts: posted.ts, text: 'x' })).toEqual({ ok: false, error: 'channel_not_found' });
    expect(await callJson('chat.update', { channel: 'CITHELP001', ts: posted.ts, text: 'x', blocks: tooLong })).toEqual({ ok: false, error: 'invalid_blocks' });
    expect(await callJson('chat.update', { channel: 'CITHELP001', ts: posted.ts, text: 'z'.repeat(40_001) })).toEqual({ ok: false, error: 'msg_too_long' });
    expect(server.slackConsole.state.find('CITHELP001', posted.ts)?.text).toBe('before');
  });

  it('answers message_not_found for an unknown ts', async () => {
    expect(await callJson('chat.update', { channel: 'CITHELP001', ts: '1.000001', text: 'x' })).toEqual({ ok: false, error: 'message_not_found' });
  });
});

describe('chat.postEphemeral', () => {
  it('stores a message only the named user sees and answers message_ts', async () => {
    const answer = await callJson('chat.postEphemeral', { channel: 'CITHELP001', user: jordan!.slackUserId, text: 'just you' });

    expect(answer).toEqual({ ok: true, message_ts: expect.stringMatching(/^\d+\.\d{6}$/) });
    expect(server.slackConsole.state.find('CITHELP001', answer.message_ts)?.ephemeralFor).toBe(jordan!.slackUserId);
  });
});

describe('users.info', () => {
  it('answers the person with profile.email, like the documented success response', async () => {
    const answer = await callForm('users.info', { user: jordan!.slackUserId });

    expect(answer).toMatchObject({
      ok: true,
      user: {
        id: jordan!.slackUserId, name: 'jordan.rivera', real_name: 'Jordan Rivera', is_bot: false, deleted: false,
        profile: { email: 'jordan.rivera@acme.example', real_name: 'Jordan Rivera', title: 'Software Engineer' },
      },
    });
  });

  it('answers user_not_found for an unknown id', async () => {
    expect(await callForm('users.info', { user: 'UNOBODY' })).toEqual({ ok: false, error: 'user_not_found' });
  });
});

describe('users.lookupByEmail', () => {
  it('finds the person by email, whatever its case, and answers users_not_found otherwise', async () => {
    expect(await callForm('users.lookupByEmail', { email: 'Jordan.Rivera@acme.example' })).toMatchObject({ ok: true, user: { id: jordan!.slackUserId } });
    expect(await callForm('users.lookupByEmail', { email: 'nobody@acme.example' })).toEqual({ ok: false, error: 'users_not_found' });
  });
});

describe('conversations.open', () => {
  it('answers the same D + user id channel every time', async () => {
    const first = await callForm('conversations.open', { users: jordan!.slackUserId });
    const second = await callJson('conversations.open', { users: jordan!.slackUserId });

    expect(first).toEqual({ ok: true, channel: { id: `D${jordan!.slackUserId}` } });
    expect(second).toEqual(first);
  });
});

describe('reactions.add and reactions.remove', () => {
  it('adds the bot reaction to a message and removes it again', async () => {
    const posted = await callJson('chat.postMessage', { channel: 'CITHELP001', text: 'working on it' });
    const target = { name: 'eyes', channel: 'CITHELP001', timestamp: posted.ts };

    expect(await callForm('reactions.add', target)).toEqual({ ok: true });
    expect(server.slackConsole.state.find('CITHELP001', posted.ts)?.reactions).toEqual([{ name: 'eyes', users: [server.slackConsole.ids.botUserId] }]);
    expect(await callForm('reactions.add', target)).toEqual({ ok: false, error: 'already_reacted' });
    expect(await callJson('reactions.remove', target)).toEqual({ ok: true });
    expect(server.slackConsole.state.find('CITHELP001', posted.ts)?.reactions).toEqual([]);
    expect(await callJson('reactions.remove', target)).toEqual({ ok: false, error: 'no_reaction' });
  });

  it('answers message_not_found for a message that does not exist', async () => {
    expect(await callJson('reactions.add', { name: 'eyes', channel: 'CITHELP001', timestamp: '1.000002' })).toEqual({ ok: false, error: 'message_not_found' });
  });
});

describe('auth.test and the rest', () => {
  it('auth.test answers the bot user and team', async () => {
    const answer = await server.webClient().auth.test();
    expect(answer).toMatchObject({ ok: true, user_id: 'UHELPDESK1', team_id: 'TCONSOLE01', bot_id: 'BHELPDESK1' });
  });

  it.each(['files.upload', 'toString', '__proto__'])('answers unknown_method for %s', async (method) => {
    expect(await callJson(method, {})).toEqual({ ok: false, error: 'unknown_method' });
  });

  it.each([
    [{}, 'not_authed'],
    [{ authorization: 'Bearer xoxp-user-token' }, 'invalid_auth'],
  ])('refuses a call without a bot token (%j)', async (headers, error) => {
    expect(await callForm('auth.test', {}, headers)).toEqual({ ok: false, error });
  });

  it('answers invalid_arguments for a malformed JSON body', async () => {
    const response = await server.request('/console/api/chat.postMessage', {
      method: 'POST', headers: { ...TOKEN, 'content-type': 'application/json' }, body: '{oops',
    });
    expect(await response.json()).toEqual({ ok: false, error: 'invalid_arguments' });
  });
});

describe("the product's replies against the console's limits", () => {
  const confirmation = (i: number): PendingAction => ({
    id: `pa_many${i}`, kind: 'confirm', action: { kind: 'lock', targetEmail: `person${i}@acme.example` },
    requester: { email: jordan!.email, slackUserId: jordan!.slackUserId }, approverRoles: [], status: 'pending',
    createdAt: NOW_MS, expiresAt: NOW_MS + 600_000, cards: [],
  });
  const longAnswer = Array.from({ length: 2000 }, (_, i) => `Step ${i + 1}: open the settings page and check it.`).join('\n');
  const slackApi = () =>
    createSlackApi({ client: server.webClient(), workspace: { teamIds: [server.slackConsole.ids.teamId], appId: server.slackConsole.ids.appId }, logger: createRecordingLogger() });

  it('accepts every message of a very long answer with 30 confirmation cards, posted in order in the thread', async () => {
    const api = slackApi();
    const parent = await callJson('chat.postMessage', { channel: 'CITHELP001', text: 'help' });
    const messages = replyMessages(markdownToMrkdwn(longAnswer), Array.from({ length: 30 }, (_, i) => confirmation(i)));
    const results = [];
    for (const message of messages) results.push(await api.postReply({ channel: 'CITHELP001', threadTs: parent.ts, ...message }));
    expect(results.every((r) => r.ok)).toBe(true);
    const thread = server.slackConsole.state.messages.filter((m) => m.threadTs === parent.ts);
    expect(thread.map((m) => m.text)).toEqual(messages.map((m) => m.text));
  });

  it('would refuse the same reply sent as one message, so a regression fails here', async () => {
    const result = await slackApi().postReply({
      channel: 'CITHELP001', threadTs: '1.000001', text: 'x', blocks: confirmationBlocks('ok', Array.from({ length: 30 }, (_, i) => confirmation(i))),
    });
    expect(result).toEqual({ ok: false, error: 'invalid_blocks' });
  });
});
